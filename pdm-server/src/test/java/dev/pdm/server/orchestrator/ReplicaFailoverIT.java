package dev.pdm.server.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.auth.TokenHash;
import dev.pdm.server.store.DatabaseUrl;
import dev.pdm.server.testing.ServerProcess;
import dev.pdm.server.testing.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two pdm replicas on one PostgreSQL. The replica driving a run is killed with SIGKILL mid-stage; the other takes the
 * run over when the lease expires and finishes it, and no pipeline is triggered twice.
 */
class ReplicaFailoverIT {
  private static final String TOKEN = "failover-operator";
  private static final Duration READY = Duration.ofSeconds(60);
  private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "canceled", "waiting_for_decision",
      "blocked");
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  @Test
  void whenTheDrivingReplicaDiesTheOtherFinishesTheRun() throws Exception {
    DatabaseUrl database = TestDatabase.fresh();
    try (ServerProcess gitLab = ServerProcess.startSandbox("--port", "0", "--scenario", "happy", "--speed", "10")) {
      String gitLabUrl = gitLab.awaitReady(READY);
      Path config = dir.resolve("pdm.yaml");
      Files.writeString(config, """
          database: {url: "postgresql://%s@%s:%d/%s"}
          gitlab: {url: %s, token: sandbox-token}
          polling: {active_interval_seconds: 1}
          auth:
            tokens:
              - {name: release-manager, role: operator, hash: "%s"}
          """.formatted(database.user(), database.host(), database.port(), database.database(), gitLabUrl,
          TokenHash.create(TOKEN)));
      try (ServerProcess a = ServerProcess.start("--config", config.toString(), "--port", "0");
           ServerProcess b = ServerProcess.start("--config", config.toString(), "--port", "0")) {
        String urlA = a.awaitReady(READY);
        String urlB = b.awaitReady(READY);
        String runId = new JsonObject(send(urlA, "POST", "/api/v1/runs")).getString("id");
        awaitMigrationRunning(urlA, runId);
        boolean aDrives = a.output().contains("drives run " + runId);
        ServerProcess driver = aDrives ? a : b;
        ServerProcess survivor = aDrives ? b : a;
        String survivorUrl = aDrives ? urlB : urlA;
        driver.kill();

        JsonObject finished = awaitFinished(survivorUrl, runId);

        assertThat(finished.getString("status")).as(finished.encodePrettily()).isEqualTo("succeeded");
        assertThat(survivor.output()).contains("drives run " + runId);
        assertThat(pipelines(gitLabUrl, "gitlab-com%2Fgl-infra%2Fdeployer")).hasSize(2);
        assertThat(pipelines(gitLabUrl, "gitlab-org%2Fquality%2Fstaging")).hasSize(1);
      }
    }
  }

  private void awaitMigrationRunning(String url, String runId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject run = new JsonObject(send(url, "GET", "/api/v1/runs/" + runId));
      String status = run.getJsonObject("state").getJsonObject("run").getJsonArray("stages").getJsonObject(0)
          .getString("status");
      if ("RUNNING".equals(status)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the staging migration never started");
  }

  private JsonObject awaitFinished(String url, String runId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject run = new JsonObject(send(url, "GET", "/api/v1/runs/" + runId));
      if (TERMINAL.contains(run.getString("status"))) {
        return run;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("run " + runId + " did not finish");
  }

  private JsonArray pipelines(String gitLabUrl, String project) throws Exception {
    return new JsonArray(http.send(HttpRequest.newBuilder(
            URI.create(gitLabUrl + "/api/v4/projects/" + project + "/pipelines?per_page=100"))
        .header("PRIVATE-TOKEN", "sandbox-token").build(), HttpResponse.BodyHandlers.ofString()).body());
  }

  private String send(String url, String method, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + TOKEN)
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
