package dev.pdm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.sandbox.SandboxSnapshots.PipelineSnapshot;
import dev.pdm.sandbox.scenario.ScenarioException;
import dev.pdm.sandbox.scenario.ScenarioFaults.HttpFault;
import dev.pdm.sandbox.scenario.ScenarioFaults.PipelineFault;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Sent, outcome unknown": GitLab did the work but the answer was lost, held, or the pipeline
 * only became visible later; and GitLab down for a simulated while. Through the Java API, the
 * introspection endpoints and scenario files.
 */
class OutcomeUnknownFaultsTest {
  private static final String DEPLOYER = "gitlab-com/gl-infra/deployer";
  private static final String MIGRATE_GSTG = "{\"ref\":\"master\",\"variables\":[{\"key\":"
      + "\"DEPLOY_ENVIRONMENT\",\"value\":\"gstg\"},{\"key\":\"PDM_RUN_ID\",\"value\":\"7\"}]}";
  private RunningSandbox running;
  private Http api;
  private Http root;

  private void given(SandboxOptions options) {
    running = RunningSandbox.start(options);
    api = running.api();
    root = running.root();
  }

  private void given() {
    given(SandboxOptions.defaults().withManualClock());
  }

  @AfterEach
  void stop() {
    running.close();
  }

  private List<PipelineSnapshot> pipelines() {
    return running.sandbox.pipelines(DEPLOYER);
  }

  @Test
  void aPipelineCreatedBehindA504ExistsOnceWhileItsAnswerIsLost() {
    given();
    running.sandbox.faults().arm(HttpFault.after("POST", "/pipeline$", 504));

    HttpResponse<String> lost = api.post("/projects/11437/pipeline", MIGRATE_GSTG);

    assertThat(lost.statusCode()).isEqualTo(504);
    assertThat(lost.body()).isEqualTo("{\"message\":\"504 Gateway Timeout\"}");
    assertThat(pipelines()).singleElement().satisfies(p -> {
      assertThat(p.visible()).isTrue();
      assertThat(p.variables()).containsEntry("PDM_RUN_ID", "7");
    });
    assertThat(api.json("/projects/11437/pipelines?updated_after="
        + pipelines().get(0).createdAt())).hasSize(1);
    assertThat(api.post("/projects/11437/pipeline", MIGRATE_GSTG).statusCode()).isEqualTo(201);
  }

  @Test
  void aDroppedAnswerClosesTheConnectionAfterGitLabCreatedThePipeline() {
    given();
    assertThat(root.post("/-/sandbox/faults", "{\"http\":[{\"method\":\"POST\",\"path\":"
        + "\"/pipeline$\",\"when\":\"after\",\"drop\":true}]}").statusCode()).isEqualTo(201);

    IOException noAnswer = api.postGetsNoAnswer("/projects/11437/pipeline", MIGRATE_GSTG,
        Duration.ofSeconds(20));

    assertThat(noAnswer).isNotInstanceOf(HttpTimeoutException.class);
    assertThat(pipelines()).hasSize(1);
  }

  @Test
  void aDropBeforeProcessingLeavesNothingCreated() {
    given();
    running.sandbox.faults().arm(HttpFault.dropBefore("POST", "/pipeline$"));

    api.postGetsNoAnswer("/projects/11437/pipeline", MIGRATE_GSTG, Duration.ofSeconds(20));

    assertThat(pipelines()).isEmpty();
  }

  @Test
  void aHeldAnswerOutlastsTheClientsTimeoutWhileThePipelineAlreadyExists() {
    given();
    running.sandbox.faults().arm(HttpFault.holdAfter("POST", "/pipeline$", 1500));

    IOException timedOut = api.postGetsNoAnswer("/projects/11437/pipeline", MIGRATE_GSTG,
        Duration.ofMillis(300));

    assertThat(timedOut).isInstanceOf(HttpTimeoutException.class);
    assertThat(pipelines()).hasSize(1);
    assertThat(api.json("/projects/11437/pipelines")).hasSize(1);
  }

  @Test
  void aLateCommittedPipelineIsInvisibleAndIdleUntilItsSimulatedTimeHasCome() {
    given();
    HookReceiver hooks = new HookReceiver(running.vertx);
    api.post("/projects/11437/hooks", "{\"url\":\"" + hooks.url() + "\",\"pipeline_events\":"
        + "true,\"job_events\":true}");
    running.sandbox.faults().arm(PipelineFault.visibleAfter(DEPLOYER, 120));
    Instant sent = running.sandbox.clock().now();

    long id = Http.parse(api.post("/projects/11437/pipeline", MIGRATE_GSTG).body()).get("id")
        .asLong();
    running.advance(Duration.ofSeconds(119));

    assertThat(api.get("/projects/11437/pipelines/" + id).body())
        .isEqualTo("{\"message\":\"404 Not found\"}");
    assertThat(api.get("/projects/11437/pipelines/" + id + "/variables").statusCode())
        .isEqualTo(404);
    assertThat(api.get("/projects/11437/pipelines/" + id + "/jobs").statusCode())
        .isEqualTo(404);
    assertThat(api.json("/projects/11437/pipelines")).isEmpty();
    assertThat(pipelines()).singleElement().satisfies(p -> {
      assertThat(p.visible()).isFalse();
      assertThat(p.status()).isEqualTo("created");
    });
    assertThat(running.sandbox.webhookDeliveries()).isEmpty();

    running.advance(Duration.ofSeconds(1));
    JsonNode visible = api.json("/projects/11437/pipelines/" + id);
    running.runUntilIdle();

    assertThat(visible.get("status").asText()).isEqualTo("created");
    assertThat(Instant.parse(visible.get("created_at").asText())).isEqualTo(sent);
    assertThat(api.json("/projects/11437/pipelines?updated_after=" + sent)).hasSize(1);
    assertThat(api.json("/projects/11437/pipelines/" + id).get("status").asText())
        .isEqualTo("success");
    assertThat(hooks.await("Pipeline Hook", b -> b.getJsonObject("object_attributes")
        .getString("status").equals("created")).body().getJsonObject("object_attributes")
        .getLong("id")).isEqualTo(id);
    hooks.close();
  }

  @Test
  void aScenarioFileCombinesALostAnswerWithALateCommit(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("slow-gitlab.yaml"), """
        name: slow-gitlab
        base: happy
        faults:
          http:
            - {method: POST, path: "/pipeline$", when: after, status: 502}
          pipelines:
            - {project: gitlab-com/gl-infra/deployer, environment: gstg,
               visible_after_seconds: 600}
        """);
    given(SandboxOptions.defaults().withManualClock().withScenariosDir(dir));
    assertThat(root.post("/-/sandbox/scenario", "{\"scenario\":\"slow-gitlab\"}").statusCode())
        .isEqualTo(204);

    HttpResponse<String> lost = api.post("/projects/11437/pipeline", MIGRATE_GSTG);
    JsonNode searchedAtOnce = api.json("/projects/11437/pipelines?ref=master&source=api");
    root.post("/-/sandbox/clock/advance", "{\"seconds\": 600}");

    assertThat(lost.statusCode()).isEqualTo(502);
    assertThat(searchedAtOnce).isEmpty();
    assertThat(api.json("/projects/11437/pipelines?ref=master&source=api")).hasSize(1);
    assertThat(root.json("/-/sandbox/state").get("projects").get(2).get("pipelines").get(0)
        .get("visible").asBoolean()).isTrue();
  }

  @Test
  void anOutageAnswersEveryRequestForItsSimulatedDurationThenEnds() {
    given();
    assertThat(root.post("/-/sandbox/faults", "{\"http\":[{\"path\":\"^/\",\"status\":503,"
        + "\"for_seconds\":7200}]}").statusCode()).isEqualTo(201);

    List<Integer> during = List.of(api.get("/projects/278964").statusCode(),
        api.get("/projects/11437/pipelines").statusCode(),
        api.post("/projects/11437/pipeline", MIGRATE_GSTG).statusCode());
    running.advance(Duration.ofSeconds(7199));
    int almostOver = api.get("/version").statusCode();
    running.advance(Duration.ofSeconds(1));

    assertThat(during).containsOnly(503);
    assertThat(almostOver).isEqualTo(503);
    assertThat(api.get("/version").statusCode()).isEqualTo(200);
    assertThat(root.json("/-/sandbox/faults").get("http")).isEmpty();
    assertThat(pipelines()).isEmpty();
  }

  @Test
  void anOutageAfterProcessingCreatesPipelinesWhoseAnswersAreAllLost() {
    given();
    running.sandbox.faults().arm(HttpFault.after("POST", "/pipeline$", 500)
        .withForSeconds(60));

    int first = api.post("/projects/11437/pipeline", MIGRATE_GSTG).statusCode();
    int second = api.post("/projects/11437/pipeline", MIGRATE_GSTG).statusCode();
    running.advance(Duration.ofSeconds(60));

    assertThat(List.of(first, second)).containsOnly(500);
    assertThat(api.post("/projects/11437/pipeline", MIGRATE_GSTG).statusCode()).isEqualTo(201);
    assertThat(pipelines()).hasSize(3);
  }

  @Test
  void refusesFaultsThatAreContradictoryOrIncompleteNamingTheField() {
    given();

    HttpResponse<String> both = root.post("/-/sandbox/faults", "{\"http\":[{\"status\":503,"
        + "\"times\":2,\"for_seconds\":10}]}");
    HttpResponse<String> when = root.post("/-/sandbox/faults", "{\"http\":[{\"status\":502,"
        + "\"when\":\"later\"}]}");
    HttpResponse<String> nothing = root.post("/-/sandbox/faults",
        "{\"pipelines\":[{\"project\":\"11437\"}]}");
    HttpResponse<String> version = root.post("/-/sandbox/faults", "{\"migrations\":[{"
        + "\"environment\":\"gstg\",\"version\":\"42\",\"error_class\":\"PG::Error\"}]}");

    assertThat(both.statusCode()).isEqualTo(400);
    assertThat(both.body()).contains("times").contains("for_seconds");
    assertThat(when.body()).contains("when").contains("later").contains("before or after");
    assertThat(nothing.body()).contains("visible_after_seconds").contains("omit_jobs");
    assertThat(version.body()).contains("version").contains("42").contains("14-digit");
    assertThat(root.json("/-/sandbox/faults").get("http")).isEmpty();
    assertThatThrownBy(() -> HttpFault.after("POST", "/pipeline$", 200))
        .isInstanceOf(ScenarioException.class).hasMessageContaining("status")
        .hasMessageContaining("200");
  }
}
