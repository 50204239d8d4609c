package dev.pdm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pdm.server.testing.ServerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import io.vertx.core.json.JsonObject;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, run as a release manager would run it. */
class PdmServerProcessIT {
  private static final Duration READY_WITHIN = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  private static int health(String url) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/health")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void startsOnEmbeddedPostgresAnswersHealthAndStopsCleanlyOnSigterm() throws Exception {
    Path data = dir.resolve("data");
    try (ServerProcess pdm = ServerProcess.start("--port", "0", "--data-dir", data.toString())) {
      String url = pdm.awaitReady(READY_WITHIN);
      assertThat(health(url)).isEqualTo(200);

      int status = pdm.terminate(Duration.ofSeconds(30));

      assertThat(status).as(pdm.output()).isEqualTo(143);
      assertThat(pdm.output()).contains("pdm stopped", "embedded PostgreSQL stopped");
    }
    try (ServerProcess again = ServerProcess.start("--port", "0", "--data-dir", data.toString())) {
      assertThat(health(again.awaitReady(READY_WITHIN))).isEqualTo(200);
      assertThat(again.output()).contains("0 migrations applied now");
    }
  }

  @Test
  void restartsOnTheSameDataAfterKillDashNine() throws Exception {
    Path data = dir.resolve("data");
    try (ServerProcess pdm = ServerProcess.start("--port", "0", "--data-dir", data.toString())) {
      pdm.awaitReady(READY_WITHIN);
      pdm.kill();
    }
    try (ServerProcess again = ServerProcess.start("--port", "0", "--data-dir", data.toString())) {
      assertThat(health(again.awaitReady(READY_WITHIN))).isEqualTo(200);
    }
  }

  @Test
  void aSecondPdmOnTheSameDataDirectoryRefusesToStartAndLeavesTheFirstRunning() throws Exception {
    Path data = dir.resolve("data");
    try (ServerProcess first = ServerProcess.start("--port", "0", "--data-dir", data.toString())) {
      String url = first.awaitReady(READY_WITHIN);
      try (ServerProcess second = ServerProcess.start("--port", "0", "--data-dir", data.toString())) {
        int status = second.awaitExit(Duration.ofSeconds(30));

        assertThat(status).isEqualTo(1);
        assertThat(second.output()).contains("is in use by another pdm (pid ")
            .doesNotContain("still runs on").doesNotContain("embedded PostgreSQL started");
      }
      assertThat(health(url)).isEqualTo(200);
      assertThat(first.output()).doesNotContain("embedded PostgreSQL stopped");
    }
  }

  @Test
  void aConfigFileWithThreeMistakesNamesAllThreeAndExitsWithStatus2() throws Exception {
    Path config = dir.resolve("pdm.yaml");
    Files.writeString(config, """
        server: {port: http}
        environments:
          - {name: gstg, gitlab_environment: gstg, workflow_label: staging}
          - {name: gprd, workflow_label: production}
        gitlab: {url: https://gitlab.example.com, token: glpat-do-not-print, colour: blue}
        """);
    try (ServerProcess pdm = ServerProcess.start("--config", config.toString())) {
      int status = pdm.awaitExit(Duration.ofSeconds(30));

      assertThat(status).isEqualTo(2);
      assertThat(pdm.output())
          .contains("3 problems")
          .contains("server.port: a whole number from 0 to 65535 (got http)")
          .contains("environments[1].gitlab_environment: required")
          .contains("gitlab.colour: unknown key")
          .doesNotContain("glpat-do-not-print");
    }
  }

  @Test
  void withJsonLogsAndAnUnreachableGitLabItLogsJsonLinesWithoutSecretsAndStaysReadyWithAWarning() throws Exception {
    Path config = dir.resolve("pdm.yaml");
    Files.writeString(config, """
        logging: {format: json}
        gitlab: {url: "http://127.0.0.1:9", token: glpat-json-secret-value, webhook_secret: webhook-secret-value-1}
        polling: {idle_interval_seconds: 1}
        """);
    try (ServerProcess pdm = ServerProcess.start("--config", config.toString(), "--port", "0", "--data-dir",
        dir.resolve("data").toString())) {
      String url = pdm.awaitReady(READY_WITHIN);
      JsonObject health = new JsonObject();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline && !health.encode().contains("WARN")) {
        health = new JsonObject(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/health"))
            .build(), HttpResponse.BodyHandlers.ofString()).body());
        Thread.sleep(500);
      }
      assertThat(health.getString("status")).as(health.encode()).isEqualTo("UP");
      assertThat(health.encode()).as("GitLab unreachable is a warning").contains("\"name\":\"gitlab\",\"status\":\"WARN\"");
      pdm.terminate(Duration.ofSeconds(30));
      List<JsonObject> lines = pdm.output().lines().filter(l -> l.startsWith("{")).map(JsonObject::new).toList();
      assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line.fieldNames())
          .contains("timestamp", "level", "logger", "thread", "message"));
      assertThat(lines).anySatisfy(line -> assertThat(line.getString("replica")).startsWith("replica-"));
      assertThat(lines).as("GitLab's failures are logged, with the request but not the token")
          .anySatisfy(line -> assertThat(line.getString("message")).startsWith("Retrying in").contains("GET /projects/"));
      assertThat(pdm.output()).doesNotContain("glpat-json-secret-value").doesNotContain("webhook-secret-value-1")
          .doesNotContainPattern("(?m)^\\d{4}-\\d\\d-\\d\\dT.* (INFO|WARN) ");
    }
  }

  @Test
  void aSandboxListensOnLoopbackOnlyKeepsItsOwnStoreAndSaysSo() throws Exception {
    Path config = dir.resolve("pdm.yaml");
    Files.writeString(config, "server: {host: 0.0.0.0}\n");
    Path data = dir.resolve("data");
    try (ServerProcess pdm = ServerProcess.start("--sandbox", "--config", config.toString(), "--port", "0",
        "--data-dir", data.toString())) {
      String url = pdm.awaitReady(Duration.ofSeconds(90));
      int port = URI.create(url).getPort();

      assertThat(pdm.output()).contains("pdm SANDBOX MODE", "listening on 127.0.0.1:" + port + " only",
          "its own embedded PostgreSQL in " + data.resolve("sandbox").toAbsolutePath(), "the sandbox chat sink only");
      assertThat(data.resolve("sandbox").resolve("postgres")).isDirectory();
      Optional<InetAddress> outside = NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
          .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress()).findFirst();
      if (outside.isPresent()) {
        try (Socket socket = new Socket()) {
          assertThatThrownBy(() -> socket.connect(new InetSocketAddress(outside.get(), port), 5000))
              .as("connecting from " + outside.get()).isInstanceOf(java.io.IOException.class);
        }
      }
    }
  }
}
