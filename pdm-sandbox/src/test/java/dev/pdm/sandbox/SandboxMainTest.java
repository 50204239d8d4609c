package dev.pdm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The standalone entry point: options, readiness output, clear failures. */
class SandboxMainTest {
  private final Vertx vertx = Vertx.vertx();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @AfterEach
  void stop() {
    RunningSandbox.await(vertx.close());
  }

  private Optional<GitLabSandbox> launch(String... args) throws Exception {
    SandboxMain main = new SandboxMain();
    new CommandLine(main).parseArgs(args);
    return main.launch(vertx, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void printsItsUrlAndTokenWhenReadyAndAcceptsTheTokenGiven() throws Exception {
    GitLabSandbox sandbox = launch("--port", "0", "--scenario", "qa-fails", "--token", "t-123",
        "--speed", "0").orElseThrow();

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("url:   " + sandbox.url()).contains("token: t-123")
        .contains("scenario qa-fails");
    assertThat(new Http(sandbox.apiUrl(), "t-123").get("/user").statusCode()).isEqualTo(200);
    assertThat(new Http(sandbox.apiUrl(), "sandbox-token").get("/user").statusCode())
        .isEqualTo(401);
    RunningSandbox.await(sandbox.close());
  }

  @Test
  void saysWhyItCannotStartWithAnUnknownScenario() throws Exception {
    assertThat(launch("--port", "0", "--scenario", "no-such")).isEmpty();

    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot start")
        .contains("no-such");
  }

  @Test
  void startsFromAScenarioFileAnywhereButServesFilesOnlyFromTheScenariosDir(@TempDir Path dir)
      throws Exception {
    Path mine = Files.writeString(dir.resolve("mine.yaml"), "name: mine\nbase: happy\n");
    Path served = Files.createDirectories(dir.resolve("served"));
    GitLabSandbox sandbox = launch("--port", "0", "--speed", "0", "--scenario", mine.toString(),
        "--scenarios-dir", served.toString()).orElseThrow();

    HttpResponse<String> refused = new Http(sandbox.url(), null).post("/-/sandbox/scenario",
        "{\"scenario\":\"" + mine + "\"}");

    assertThat(sandbox.state().scenarioName()).isEqualTo("mine");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("loopback clients only")
        .contains("scenario files from " + served);
    RunningSandbox.await(sandbox.close());
  }

  @Test
  void saysWhyItCannotStartWithAMissingScenariosDir(@TempDir Path dir) throws Exception {
    assertThat(launch("--port", "0", "--scenarios-dir", dir.resolve("nope").toString()))
        .isEmpty();

    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot start")
        .contains(dir.resolve("nope").toString()).contains("not a directory");
  }

  @Test
  void refusesANegativeSpeedNamingIt() throws Exception {
    assertThat(launch("--speed", "-2")).isEmpty();

    assertThat(err.toString(StandardCharsets.UTF_8)).contains("speed -2.0");
  }
}
