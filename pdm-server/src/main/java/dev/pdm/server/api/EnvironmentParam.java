package dev.pdm.server.api;

import dev.pdm.core.config.PdmConfig;
import java.util.List;
import java.util.Optional;

/** The {@code environment} query parameter: one of the configured environments, by pdm's name. */
final class EnvironmentParam {
  private EnvironmentParam() {
  }

  /** What is wrong with {@code value}, naming the known environments; empty when it names one. */
  static Optional<String> problem(String value, PdmConfig config) {
    List<String> names = config.environments().stream().map(PdmConfig.Environment::name).toList();
    return value != null && names.contains(value) ? Optional.empty()
        : Optional.of("environment: expected one of " + names + " (got " + (value == null ? "nothing" : value) + ")");
  }
}
