package dev.pdm.server.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.auth.TokenHash;
import dev.pdm.server.store.DatabaseUrl;
import dev.pdm.server.testing.PdmHttp;
import dev.pdm.server.testing.ServerProcess;
import dev.pdm.server.testing.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jars as separate processes (the simulated GitLab, and pdm with a YAML configuration) while GitLab
 * answers pipeline creations late (it creates the pipeline at once, then holds the answer a few seconds): pdm
 * killed with SIGKILL during such a POST, the driving replica paused longer than its lease, and a rolling restart
 * (SIGTERM, one replica at a time). Every stage's pipeline is created exactly once, and the run completes.
 */
class SlowGitLabIT {
  private static final String TOKEN = "slow-gitlab-operator";
  private static final Duration READY = Duration.ofSeconds(60);
  private static final List<String> STAGES = List.of("migrate-gstg", "qa-gstg", "migrate-gprd");
  private final PdmHttp http = new PdmHttp(TOKEN);

  @TempDir
  Path dir;

  /** Every pipeline creation is carried out at once and answered {@code holdMillis} later. */
  private static JsonObject slowCreations(int holdMillis) {
    return new JsonObject().put("http", new JsonArray().add(new JsonObject().put("method", "POST").put("path", "/pipeline$")
        .put("when", "after").put("delay_ms", holdMillis).put("times", 10)));
  }

  private Path config(String gitLabUrl, int requestTimeoutSeconds, String extra) throws Exception {
    Path config = dir.resolve("pdm-" + System.nanoTime() + ".yaml");
    Files.writeString(config, """
        gitlab: {url: %s, token: sandbox-token, request_timeout_seconds: %d}
        polling: {active_interval_seconds: 1}
        auth:
          tokens:
            - {name: release-manager, role: operator, hash: "%s"}
        %s
        """.formatted(gitLabUrl, requestTimeoutSeconds, TokenHash.create(TOKEN), extra));
    return config;
  }

  private void assertEachPipelineCreatedOnce(String gitLabUrl) throws Exception {
    JsonArray deployer = http.pipelines(gitLabUrl, "gitlab-com%2Fgl-infra%2Fdeployer");
    assertThat(deployer).as(deployer.encodePrettily()).hasSize(2);
    assertThat(http.pipelines(gitLabUrl, "gitlab-org%2Fquality%2Fstaging")).hasSize(1);
  }

  @Test
  void pdmKilledDuringTheSlowCreationOfEveryStagesPipelineCreatesEachOnce() throws Exception {
    try (ServerProcess gitLab = ServerProcess.startSandbox("--port", "0", "--scenario", "happy", "--speed", "20")) {
      String gitLabUrl = gitLab.awaitReady(READY);
      http.armFaults(gitLabUrl, slowCreations(8000));
      String[] args = {"--config", config(gitLabUrl, 4, "").toString(), "--port", "0", "--data-dir",
          dir.resolve("data").toString()};
      ServerProcess pdm = ServerProcess.start(args);
      try {
        String url = pdm.awaitReady(READY);
        String runId = new JsonObject(http.send(url, "POST", "/api/v1/runs")).getString("id");
        for (String stage : STAGES) {
          http.await(url, runId, run -> PdmHttp.awaitingAnswer(run, stage), stage + " creation sent, unanswered");
          pdm.kill();
          pdm = ServerProcess.start(args);
          url = pdm.awaitReady(READY);
        }
        JsonObject finished = http.awaitSettled(url, runId);

        assertThat(finished.getString("status")).as(finished.encodePrettily()).isEqualTo("succeeded");
        assertEachPipelineCreatedOnce(gitLabUrl);
        for (String stage : STAGES) {
          JsonObject attempt = PdmHttp.currentAttempt(finished, stage).orElseThrow();
          assertThat(attempt.getInteger("number")).isEqualTo(1);
          assertThat(attempt.getJsonObject("trigger").getInteger("sends")).isEqualTo(1);
          assertThat(attempt.getJsonObject("pipeline").getBoolean("found_existing")).as(stage).isTrue();
        }
      } finally {
        pdm.close();
      }
    }
  }

  /** A configuration for replicas sharing one PostgreSQL, against a simulated GitLab that answers creations late. */
  private Path replicas(String gitLabUrl, int requestTimeoutSeconds, String orchestrator) throws Exception {
    http.armFaults(gitLabUrl, slowCreations(3000));
    return config(gitLabUrl, requestTimeoutSeconds, """
        database: {url: "%s"}
        orchestrator: %s
        """.formatted(url(TestDatabase.fresh()), orchestrator));
  }

  @Test
  void aDrivingReplicaPausedPastItsLeaseDuringACreationHasItsLateOutcomeDiscarded() throws Exception {
    try (ServerProcess gitLab = ServerProcess.startSandbox("--port", "0", "--scenario", "happy", "--speed", "20")) {
      String gitLabUrl = gitLab.awaitReady(READY);
      // pdm waits longer for GitLab's answer than the pause lasts: once resumed, the paused replica gets the late
      // answer (a created pipeline) and tries to record it, rather than racing its own request timeout.
      Path config = replicas(gitLabUrl, 20, "{lease_seconds: 3, tick_seconds: 1, trigger_quiet_period_seconds: 60}");
      try (ServerProcess a = start(config, 0); ServerProcess b = start(config, 1)) {
        String urlA = a.awaitReady(READY);
        String urlB = b.awaitReady(READY);
        String runId = new JsonObject(http.send(urlA, "POST", "/api/v1/runs")).getString("id");
        http.await(urlA, runId, run -> PdmHttp.awaitingAnswer(run, "migrate-gstg"), "staging creation sent, unanswered");
        boolean aDrives = driverOf(runId, a, b) == 0;
        ServerProcess driver = aDrives ? a : b;
        String otherUrl = aDrives ? urlB : urlA;

        driver.pause();
        http.await(otherUrl, runId, run -> PdmHttp.currentAttempt(run, "migrate-gstg")
            .map(attempt -> attempt.getValue("pipeline") != null).orElse(false), "the other replica found the pipeline");
        driver.resume();
        JsonObject finished = http.awaitSettled(otherUrl, runId);

        assertThat(finished.getString("status")).as(finished.encodePrettily()).isEqualTo("succeeded");
        assertEachPipelineCreatedOnce(gitLabUrl);
        awaitOutput(driver, "no longer holds run " + runId);
      }
    }
  }

  @Test
  void aRollingRestartOfTwoReplicasDuringSlowCreationsLosesNothingAndTriggersNothingTwice() throws Exception {
    try (ServerProcess gitLab = ServerProcess.startSandbox("--port", "0", "--scenario", "happy", "--speed", "20")) {
      String gitLabUrl = gitLab.awaitReady(READY);
      Path config = replicas(gitLabUrl, 4, "{lease_seconds: 6, tick_seconds: 1}");
      ServerProcess[] replicas = new ServerProcess[2];
      String[] urls = new String[2];
      for (int i = 0; i < 2; i++) {
        replicas[i] = start(config, i);
        urls[i] = replicas[i].awaitReady(READY);
      }
      try {
        String runId = new JsonObject(http.send(urls[0], "POST", "/api/v1/runs")).getString("id");
        // As a rolling deploy does: the replica restarted last is waited for only before the next one is stopped,
        // and meanwhile the run is watched through the other one (on a loaded machine a start can outlast a stage).
        int restarted = -1;
        for (String stage : STAGES) {
          http.await(urls[restarted < 0 ? 0 : 1 - restarted], runId, run -> PdmHttp.awaitingAnswer(run, stage),
              stage + " creation sent, unanswered");
          if (restarted >= 0) {
            urls[restarted] = replicas[restarted].awaitReady(READY);
          }
          int driving = driverOf(runId, replicas);
          int status = replicas[driving].terminate(Duration.ofSeconds(90));
          assertThat(status).as(replicas[driving].output()).isEqualTo(143);
          assertThat(replicas[driving].output()).contains("orchestrator ").contains(" stopped");
          replicas[driving] = start(config, driving);
          restarted = driving;
        }
        urls[restarted] = replicas[restarted].awaitReady(READY);
        JsonObject finished = http.awaitSettled(urls[0], runId);

        assertThat(finished.getString("status")).as(finished.encodePrettily()).isEqualTo("succeeded");
        assertEachPipelineCreatedOnce(gitLabUrl);
        for (String stage : STAGES) {
          assertThat(PdmHttp.currentAttempt(finished, stage).orElseThrow().getJsonObject("trigger").getInteger("sends"))
              .isEqualTo(1);
        }
      } finally {
        for (ServerProcess replica : replicas) {
          replica.close();
        }
      }
    }
  }

  /** Which replica drives the run now: the one whose log names the run's highest lease epoch. */
  private static int driverOf(String runId, ServerProcess... replicas) {
    Pattern drives = Pattern.compile("drives run " + runId + " \\(lease epoch (\\d+)\\)");
    int driver = -1;
    long highest = -1;
    for (int i = 0; i < replicas.length; i++) {
      Matcher m = drives.matcher(replicas[i].output());
      while (m.find()) {
        if (Long.parseLong(m.group(1)) > highest) {
          highest = Long.parseLong(m.group(1));
          driver = i;
        }
      }
    }
    assertThat(driver).as("a replica drives run " + runId).isNotNegative();
    return driver;
  }

  private ServerProcess start(Path config, int replica) throws Exception {
    return ServerProcess.startReplica(config, dir.resolve("replica-" + replica));
  }

  private static String url(DatabaseUrl database) {
    return "postgresql://" + database.user() + ":" + database.password() + "@" + database.host() + ":" + database.port()
        + "/" + database.database();
  }

  private static void awaitOutput(ServerProcess process, String text) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!process.output().contains(text) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(process.output()).contains(text);
  }
}
