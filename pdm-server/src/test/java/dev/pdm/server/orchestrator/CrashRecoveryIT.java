package dev.pdm.server.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.auth.TokenHash;
import dev.pdm.server.testing.PdmHttp;
import dev.pdm.server.testing.ServerProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pdm killed with SIGKILL after every stage transition, and mid-stage, restarted on the same data each time, against
 * a simulated GitLab in its own process that keeps running meanwhile, with webhooks off (polling only). The run must
 * complete, and no pipeline may have been triggered twice.
 */
class CrashRecoveryIT {
  private static final String OPERATOR_TOKEN = "crash-test-operator";
  private static final Duration READY = Duration.ofSeconds(60);
  private final PdmHttp http = new PdmHttp(OPERATOR_TOKEN);

  @TempDir
  Path dir;

  @Test
  void aRunKilledAtEveryStageBoundaryCompletesWithEachPipelineTriggeredOnce() throws Exception {
    try (ServerProcess gitLab = ServerProcess.startSandbox("--port", "0", "--scenario", "happy", "--speed", "20")) {
      String gitLabUrl = gitLab.awaitReady(READY);
      Path config = dir.resolve("pdm.yaml");
      Files.writeString(config, """
          gitlab: {url: %s, token: sandbox-token}
          polling: {active_interval_seconds: 1}
          auth:
            tokens:
              - {name: release-manager, role: operator, hash: "%s"}
          """.formatted(gitLabUrl, TokenHash.create(OPERATOR_TOKEN)));
      String[] args = {"--config", config.toString(), "--port", "0", "--data-dir", dir.resolve("data").toString()};

      ServerProcess pdm = ServerProcess.start(args);
      String url = pdm.awaitReady(READY);
      String runId = new JsonObject(http.send(url, "POST", "/api/v1/runs")).getString("id");
      List<String> seen = new ArrayList<>();
      String boundary = stageStatuses(http.run(url, runId));
      int kills = 0;
      while (kills < 8) {
        JsonObject run = http.run(url, runId);
        if (PdmHttp.SETTLED.contains(run.getString("status"))) {
          break;
        }
        String now = stageStatuses(run);
        if (!now.equals(boundary)) {
          boundary = now;
          seen.add(now);
          pdm.kill();
          kills++;
          pdm = ServerProcess.start(args);
          url = pdm.awaitReady(READY);
        }
        Thread.sleep(100);
      }
      JsonObject finished = http.awaitSettled(url, runId);
      pdm.close();

      assertThat(kills).as("kills at boundaries " + seen).isGreaterThanOrEqualTo(5);
      assertThat(finished.getString("status")).as(finished.encodePrettily()).isEqualTo("succeeded");
      assertThat(http.pipelines(gitLabUrl, "gitlab-com%2Fgl-infra%2Fdeployer")).hasSize(2);
      assertThat(http.pipelines(gitLabUrl, "gitlab-org%2Fquality%2Fstaging")).hasSize(1);
    }
  }

  private static String stageStatuses(JsonObject run) {
    JsonArray stages = run.getJsonObject("state").getJsonObject("run").getJsonArray("stages");
    StringBuilder statuses = new StringBuilder();
    for (int i = 0; i < stages.size(); i++) {
      statuses.append(stages.getJsonObject(i).getString("status")).append(' ');
    }
    return statuses.toString().trim();
  }
}
