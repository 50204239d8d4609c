package dev.pdm.server.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.auth.TokenHash;
import dev.pdm.server.store.DatabaseUrl;
import dev.pdm.server.testing.PdmHttp;
import dev.pdm.server.testing.ServerProcess;
import dev.pdm.server.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two pdm replicas on one PostgreSQL. The replica driving a run is killed with SIGKILL mid-stage; the other takes the
 * run over when the lease expires and finishes it, and no pipeline is triggered twice.
 */
class ReplicaFailoverIT {
  private static final String TOKEN = "failover-operator";
  private static final Duration READY = Duration.ofSeconds(60);
  private final PdmHttp http = new PdmHttp(TOKEN);

  @TempDir
  Path dir;

  @Test
  void whenTheDrivingReplicaDiesTheOtherFinishesTheRun() throws Exception {
    DatabaseUrl database = TestDatabase.fresh();
    try (ServerProcess gitLab = ServerProcess.startSandbox("--port", "0", "--scenario", "happy", "--speed", "10")) {
      String gitLabUrl = gitLab.awaitReady(READY);
      Path config = dir.resolve("pdm.yaml");
      Files.writeString(config, """
          database: {url: "postgresql://%s:%s@%s:%d/%s"}
          gitlab: {url: %s, token: sandbox-token}
          polling: {active_interval_seconds: 1}
          auth:
            tokens:
              - {name: release-manager, role: operator, hash: "%s"}
          """.formatted(database.user(), URLEncoder.encode(database.password(), StandardCharsets.UTF_8),
          database.host(), database.port(), database.database(), gitLabUrl,
          TokenHash.create(TOKEN)));
      try (ServerProcess a = ServerProcess.startReplica(config, dir.resolve("a"));
           ServerProcess b = ServerProcess.startReplica(config, dir.resolve("b"))) {
        String urlA = a.awaitReady(READY);
        String urlB = b.awaitReady(READY);
        String runId = new JsonObject(http.send(urlA, "POST", "/api/v1/runs")).getString("id");
        awaitMigrationRunning(urlA, runId);
        boolean aDrives = a.output().contains("drives run " + runId + " ");
        ServerProcess driver = aDrives ? a : b;
        ServerProcess survivor = aDrives ? b : a;
        String survivorUrl = aDrives ? urlB : urlA;
        driver.kill();

        JsonObject finished = http.awaitSettled(survivorUrl, runId);

        assertThat(finished.getString("status")).as(finished.encodePrettily()).isEqualTo("succeeded");
        assertThat(survivor.output()).contains("drives run " + runId);
        assertThat(http.pipelines(gitLabUrl, "gitlab-com%2Fgl-infra%2Fdeployer")).hasSize(2);
        assertThat(http.pipelines(gitLabUrl, "gitlab-org%2Fquality%2Fstaging")).hasSize(1);
      }
    }
  }

  private void awaitMigrationRunning(String url, String runId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject run = http.run(url, runId);
      String status = run.getJsonObject("state").getJsonObject("run").getJsonArray("stages").getJsonObject(0)
          .getString("status");
      if ("RUNNING".equals(status)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the staging migration never started");
  }
}
