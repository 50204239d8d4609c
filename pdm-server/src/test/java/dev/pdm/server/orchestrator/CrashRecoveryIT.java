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
 * complete, and no pipeline may have been triggered twice. A kill between recording a pipeline creation and sending
 * it leaves pdm unable to know whether GitLab got it: it searches for the attempt's pipeline for its quiet period and
 * then asks a person, who (as a release manager would, finding no such pipeline in GitLab) says "trigger again".
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
          gitlab: {url: %s, token: sandbox-token, request_timeout_seconds: 5}
          polling: {active_interval_seconds: 1}
          orchestrator: {trigger_quiet_period_seconds: 13, lease_seconds: 6, tick_seconds: 2}
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
      int decisions = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      JsonObject finished = http.run(url, runId);
      while (!List.of("succeeded", "failed", "canceled").contains(finished.getString("status"))) {
        assertThat(System.nanoTime()).as("run still going after 10 minutes: " + finished.encodePrettily())
            .isLessThan(deadline);
        if (finished.getString("status").equals("waiting_for_decision")) {
          triggerAgain(url, runId, finished);
          decisions++;
        } else if (kills < 8 && !stageStatuses(finished).equals(boundary)) {
          boundary = stageStatuses(finished);
          seen.add(boundary);
          pdm.kill();
          kills++;
          pdm = ServerProcess.start(args);
          url = pdm.awaitReady(READY);
        } else {
          Thread.sleep(100);
        }
        finished = http.run(url, runId);
      }
      pdm.close();

      assertThat(kills).as("kills at boundaries " + seen + ", " + decisions + " trigger(s) in doubt")
          .isGreaterThanOrEqualTo(5);
      assertThat(finished.getString("status")).as(finished.encodePrettily()).isEqualTo("succeeded");
      assertThat(http.pipelines(gitLabUrl, "gitlab-com%2Fgl-infra%2Fdeployer")).hasSize(2);
      assertThat(http.pipelines(gitLabUrl, "gitlab-org%2Fquality%2Fstaging")).hasSize(1);
    }
  }

  /** The only decision a kill may call for: a trigger in doubt, which pdm found no pipeline for. */
  private void triggerAgain(String url, String runId, JsonObject run) throws Exception {
    JsonArray stages = run.getJsonObject("state").getJsonObject("run").getJsonArray("stages");
    for (int i = 0; i < stages.size(); i++) {
      JsonObject stage = stages.getJsonObject(i);
      if (stage.getString("status").equals("TRIGGER_UNCERTAIN")) {
        http.post(url, "/api/v1/runs/" + runId + "/stages/" + stage.getJsonObject("spec").getString("id")
            + "/trigger-again", new JsonObject().put("reason", "no pipeline of this attempt in GitLab"), 202);
        return;
      }
    }
    throw new AssertionError("a decision other than a trigger in doubt: " + run.encodePrettily());
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
