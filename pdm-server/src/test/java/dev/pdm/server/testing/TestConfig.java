package dev.pdm.server.testing;

import dev.pdm.core.auth.ApiTokens;
import dev.pdm.core.auth.TokenHash;
import dev.pdm.core.config.ConfigLoader;
import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.config.PdmConfig.ApiToken;
import dev.pdm.core.config.PdmConfig.Role;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Configurations for tests: pdm's defaults on a random port, with one operator and one viewer token. */
public final class TestConfig {
  public static final String OPERATOR_TOKEN = "test-operator-token";
  public static final String VIEWER_TOKEN = "test-viewer-token";

  private TestConfig() {
  }

  public static PdmConfig onRandomPort() {
    return ConfigLoader.load(Optional.empty(), Map.of(), Map.of("server.port", "0", "server.host", "127.0.0.1"));
  }

  public static ApiTokens tokens() {
    return new ApiTokens(tokenList());
  }

  public static List<ApiToken> tokenList() {
    return List.of(
        new ApiToken("test-operator", Role.OPERATOR, TokenHash.create(OPERATOR_TOKEN)),
        new ApiToken("test-viewer", Role.VIEWER, TokenHash.create(VIEWER_TOKEN)));
  }
}
