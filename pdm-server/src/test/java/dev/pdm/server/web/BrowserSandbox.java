package dev.pdm.server.web;

import dev.pdm.core.auth.TokenHash;
import dev.pdm.core.config.ConfigLoader;
import dev.pdm.core.config.PdmConfig;
import dev.pdm.sandbox.SandboxOptions;
import dev.pdm.server.SandboxMode;
import dev.pdm.server.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * pdm in sandbox mode where a browser test needs what {@link dev.pdm.server.testing.SandboxedPdm} does not offer:
 * a chosen simulated speed, and a viewer token besides the sandbox's operator token.
 */
final class BrowserSandbox {
  static final String VIEWER_TOKEN = "viewer-token-for-browser-tests";

  private BrowserSandbox() {
  }

  static Future<SandboxMode.Running> start(Vertx vertx, String scenario, double speed) {
    PdmConfig config = ConfigLoader.load(Optional.empty(), Map.of(), Map.of("server.port", "0",
        "server.host", "127.0.0.1", "polling.active_interval_seconds", "1"));
    List<PdmConfig.ApiToken> viewer = List.of(
        new PdmConfig.ApiToken("vera-viewer", PdmConfig.Role.VIEWER, TokenHash.create(VIEWER_TOKEN)));
    return SandboxMode.start(vertx, config, SandboxOptions.defaults().withScenario(scenario).withSpeed(speed),
        TestDatabase.fresh(), viewer, Clock.systemUTC());
  }
}
