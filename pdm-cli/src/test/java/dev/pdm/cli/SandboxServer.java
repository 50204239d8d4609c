package dev.pdm.cli;

import dev.pdm.core.auth.TokenHash;
import dev.pdm.core.config.ConfigLoader;
import dev.pdm.core.config.PdmConfig;
import dev.pdm.sandbox.GitLabSandbox;
import dev.pdm.sandbox.SandboxOptions;
import dev.pdm.server.SandboxMode;
import dev.pdm.server.metrics.PdmMetrics;
import dev.pdm.server.testing.SandboxedPdm;
import dev.pdm.server.testing.TestDatabase;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A real pdm server in sandbox mode, in-process, with the sandbox's operator token and a viewer token. */
final class SandboxServer implements AutoCloseable {
  static final String VIEWER_TOKEN = "viewer-token-for-cli-tests";
  private final Vertx vertx;
  private final SandboxMode.Running running;

  private SandboxServer(Vertx vertx, SandboxMode.Running running) {
    this.vertx = vertx;
    this.running = running;
  }

  static SandboxServer start(String scenario) throws Exception {
    return start(SandboxOptions.defaults().withScenario(scenario).withSpeed(SandboxedPdm.SPEED));
  }

  /** With the simulated GitLab's clock standing still until {@link #advance} moves it. */
  static SandboxServer startWithManualClock(String scenario) throws Exception {
    return start(SandboxOptions.defaults().withScenario(scenario).withManualClock());
  }

  private static SandboxServer start(SandboxOptions options) throws Exception {
    Vertx vertx = Vertx.vertx();
    PdmConfig config = ConfigLoader.load(Optional.empty(), Map.of(), SandboxedPdm.FLAGS);
    PdmConfig.ApiToken viewer = new PdmConfig.ApiToken("cli-test-viewer", PdmConfig.Role.VIEWER,
        TokenHash.create(VIEWER_TOKEN));
    SandboxMode.Running running = SandboxMode.start(vertx, config, options, TestDatabase.fresh(), List.of(viewer),
        new PdmMetrics()).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    return new SandboxServer(vertx, running);
  }

  String url() {
    return "http://127.0.0.1:" + running.server().port();
  }

  int port() {
    return running.server().port();
  }

  /** The simulated GitLab's REST API, e.g. {@code http://127.0.0.1:PORT/api/v4}. */
  String gitLabApiUrl() {
    return running.sandbox().apiUrl();
  }

  String operatorToken() {
    return running.sandbox().token();
  }

  GitLabSandbox gitLab() {
    return running.sandbox();
  }

  /** Moves the simulated GitLab's clock (started with {@link #startWithManualClock}) forward, running what falls due. */
  void advance(Duration duration) throws Exception {
    running.sandbox().clock().advance(duration).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** pdm as the operator, off a terminal. */
  CliRun pdm(String... args) {
    return CliRun.pdm(Map.of("PDM_SERVER", url(), "PDM_TOKEN", operatorToken()), false, "", args);
  }

  /** pdm as the operator, on a terminal whose user types {@code stdin}. */
  CliRun pdmOnTerminal(String stdin, String... args) {
    return CliRun.pdm(Map.of("PDM_SERVER", url(), "PDM_TOKEN", operatorToken(), "NO_COLOR", "1"), true, stdin, args);
  }

  @Override
  public void close() throws Exception {
    try {
      running.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }
}
