package dev.pdm.server.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.auth.TokenHash;
import dev.pdm.server.testing.ServerProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
  private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "canceled", "waiting_for_decision",
      "blocked");
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  @Test
  void aRunKilledAtEveryStageBoundaryCompletesWithEachPipelineTriggeredOnce() throws Exception {
    try (ServerProcess gitLab = ServerProcess.startSandbox("--port", "0", "--scenario", "happy", "--speed", "10")) {
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
      String runId = new JsonObject(send(url, "POST", "/api/v1/runs").body()).getString("id");
      List<String> seen = new ArrayList<>();
      String boundary = stageStatuses(run(url, runId));
      int kills = 0;
      while (kills < 12) {
        JsonObject run = run(url, runId);
        if (TERMINAL.contains(run.getString("status"))) {
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
      JsonObject finished = awaitFinished(url, runId);
      pdm.close();

      assertThat(kills).as("kills at boundaries " + seen).isGreaterThanOrEqualTo(5);
      assertThat(finished.getString("status")).as(finished.encodePrettily()).isEqualTo("succeeded");
      assertThat(pipelines(gitLabUrl, "gitlab-com%2Fgl-infra%2Fdeployer")).hasSize(2);
      assertThat(pipelines(gitLabUrl, "gitlab-org%2Fquality%2Fstaging")).hasSize(1);
    }
  }

  private JsonObject awaitFinished(String url, String runId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject run = run(url, runId);
      if (TERMINAL.contains(run.getString("status"))) {
        return run;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("run " + runId + " did not finish: " + run(url, runId).encodePrettily());
  }

  private JsonObject run(String url, String runId) throws IOException, InterruptedException {
    return new JsonObject(send(url, "GET", "/api/v1/runs/" + runId).body());
  }

  private static String stageStatuses(JsonObject run) {
    JsonArray stages = run.getJsonObject("state").getJsonObject("run").getJsonArray("stages");
    StringBuilder statuses = new StringBuilder();
    for (int i = 0; i < stages.size(); i++) {
      statuses.append(stages.getJsonObject(i).getString("status")).append(' ');
    }
    return statuses.toString().trim();
  }

  private JsonArray pipelines(String gitLabUrl, String project) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            URI.create(gitLabUrl + "/api/v4/projects/" + project + "/pipelines?per_page=100"))
        .header("PRIVATE-TOKEN", "sandbox-token").build(), HttpResponse.BodyHandlers.ofString());
    return new JsonArray(response.body());
  }

  private HttpResponse<String> send(String url, String method, String path) throws IOException,
      InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url + path))
        .header("Authorization", "Bearer " + OPERATOR_TOKEN)
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }
}
