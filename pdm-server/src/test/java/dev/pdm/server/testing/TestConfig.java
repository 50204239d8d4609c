package dev.pdm.server.testing;

import dev.pdm.core.config.ConfigLoader;
import dev.pdm.core.config.PdmConfig;
import java.util.Map;
import java.util.Optional;

/** Configurations for tests: pdm's defaults on a random port. */
public final class TestConfig {
  private TestConfig() {
  }

  public static PdmConfig onRandomPort() {
    return ConfigLoader.load(Optional.empty(), Map.of(), Map.of("server.port", "0", "server.host", "127.0.0.1"));
  }
}
