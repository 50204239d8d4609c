package dev.pdm.server.orchestrator;

import static dev.pdm.server.testing.SandboxedPdm.currentAttempt;
import static dev.pdm.server.testing.SandboxedPdm.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.sandbox.SandboxOptions;
import dev.pdm.sandbox.SandboxSnapshots.PipelineSnapshot;
import dev.pdm.sandbox.scenario.ScenarioFaults.HttpFault;
import dev.pdm.sandbox.scenario.ScenarioFaults.MigrationFault;
import dev.pdm.sandbox.scenario.ScenarioFaults.PipelineFault;
import dev.pdm.server.testing.SandboxedPdm;
import dev.pdm.server.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults injected into the simulated GitLab while pdm runs against it: lost answers, pipelines GitLab shows late or
 * never, outages of hours (on the simulated clock pdm shares), deleted pipelines, jobs that never run, GitLab's own
 * job retries, steps that fail for good. Whatever happens, an attempt's pipeline is created at most once, a failed
 * migration is not run again without a person's decision, and a person can always end a stuck run.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class NeverTwiceTest {
  private static final String DEPLOYER = "gitlab-com/gl-infra/deployer";
  private static final String QA = "gitlab-org/quality/staging";
  private static final String SECURITY = "gitlab-org/security/gitlab";
  private static final String STAGING = "migrate-gstg";
  private SandboxedPdm pdm;

  @AfterEach
  void stop() throws Exception {
    if (pdm != null) {
      join(pdm.close());
    }
  }

  private void start(Vertx vertx, String scenario, String yaml) throws Exception {
    pdm = join(SandboxedPdm.start(vertx, SandboxOptions.defaults().withScenario(scenario).withSpeed(SandboxedPdm.SPEED),
        Optional.of(yaml), TestDatabase.fresh()));
  }

  /** The simulated GitLab (and pdm with it) only moves when the test moves the clock. */
  private void startStill(Vertx vertx, String scenario) throws Exception {
    pdm = join(SandboxedPdm.start(vertx, SandboxOptions.defaults().withScenario(scenario).withManualClock(),
        Optional.of(""), TestDatabase.fresh()));
  }

  /** Moves the still clock {@code step} at a time, giving pdm a moment after each step, until the run shows it. */
  private JsonObject advanceUntil(Vertx vertx, String runId, java.util.function.Predicate<JsonObject> condition, String what,
      Duration step) throws Exception {
    for (int i = 0; i < 300; i++) {
      JsonObject run = join(pdm.get("/api/v1/runs/" + runId)).bodyAsJsonObject();
      if (condition.test(run)) {
        return run;
      }
      join(pdm.advance(step));
      join(vertx.timer(250));
    }
    throw new AssertionError("run " + runId + " never got to: " + what);
  }

  private String newRun() throws Exception {
    HttpResponse<Buffer> created = join(pdm.post("/api/v1/runs", new JsonObject()));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getString("id");
  }

  private JsonObject await(String runId, java.util.function.Predicate<JsonObject> condition, String what) throws Exception {
    return join(pdm.await(runId, condition, what));
  }

  private HttpResponse<Buffer> decide(String runId, String path, JsonObject body) throws Exception {
    return join(pdm.post("/api/v1/runs/" + runId + path, body));
  }

  private List<PipelineSnapshot> pipelines(String project) {
    return pdm.gitLab().pipelines(project);
  }

  private static boolean status(JsonObject run, String status) {
    return status.equals(run.getString("status"));
  }

  private static String stageStatus(JsonObject run, String stageId) {
    return stage(run, stageId).getString("status");
  }

  private static Stream<JsonObject> events(JsonObject page) {
    return page.getJsonArray("events").stream().map(JsonObject.class::cast);
  }

  private JsonObject events(String runId) throws Exception {
    return join(pdm.get("/api/v1/runs/" + runId + "/events?limit=1000")).bodyAsJsonObject();
  }

  @Test
  void aCreationGitLabAnsweredNeverIsNotSentAgainAPersonIsAskedAndThePipelineIsFollowedOnceGitLabShowsIt(Vertx vertx)
      throws Exception {
    start(vertx, "happy", "");
    pdm.gitLab().faults().arm(HttpFault.dropAfter("POST", "/pipeline$"));
    pdm.gitLab().faults().arm(PipelineFault.visibleAfter(DEPLOYER, 7200));
    String runId = newRun();

    JsonObject inDoubt = await(runId, r -> stageStatus(r, STAGING).equals("TRIGGER_UNCERTAIN"), "staging trigger in doubt");

    assertThat(inDoubt.getString("status")).isEqualTo("waiting_for_decision");
    JsonObject trigger = currentAttempt(inDoubt, STAGING).getJsonObject("trigger");
    assertThat(trigger.getInteger("sends")).isEqualTo(1);
    assertThat(trigger.getString("uncertain")).contains("no pipeline carrying PDM_TRIGGER=");
    assertThat(pipelines(DEPLOYER)).as("GitLab did create it, invisibly").hasSize(1);

    join(pdm.advance(Duration.ofHours(2)));
    JsonObject done = await(runId, r -> status(r, "succeeded"), "run succeeded once GitLab showed the pipeline");

    assertThat(pipelines(DEPLOYER)).hasSize(2);
    assertThat(pipelines(QA)).hasSize(1);
    assertThat(currentAttempt(done, STAGING).getJsonObject("pipeline").getBoolean("found_existing")).isTrue();
    assertThat(pdm.gitLab().chatMessages()).anySatisfy(m -> assertThat(m.text()).contains("cannot tell whether GitLab created"));
  }

  @Test
  void triggersAgainOnlyWhenAPersonSaysSoWithAReason(Vertx vertx) throws Exception {
    start(vertx, "happy", "");
    pdm.gitLab().faults().arm(HttpFault.before("POST", "/pipeline$", 502));
    String runId = newRun();
    await(runId, r -> stageStatus(r, STAGING).equals("TRIGGER_UNCERTAIN"), "staging trigger in doubt");
    assertThat(pipelines(DEPLOYER)).isEmpty();

    assertThat(decide(runId, "/stages/" + STAGING + "/trigger-again", new JsonObject()).statusCode()).isEqualTo(400);
    assertThat(decide(runId, "/stages/" + STAGING + "/adopt", new JsonObject().put("pipeline_id", 424242)
        .put("reason", "saw it")).statusCode()).as("GitLab has no such pipeline").isEqualTo(400);
    HttpResponse<Buffer> again = decide(runId, "/stages/" + STAGING + "/trigger-again",
        new JsonObject().put("reason", "GitLab's pipeline list has nothing since the trigger"));
    assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(202);
    JsonObject done = await(runId, r -> status(r, "succeeded"), "run succeeded");

    assertThat(pipelines(DEPLOYER)).hasSize(2);
    assertThat(pipelines(DEPLOYER).get(0).variables()).containsEntry("PDM_ATTEMPT", "2");
    assertThat(done.getJsonArray("audit").stream().map(JsonObject.class::cast).map(a -> a.getString("action")))
        .contains("trigger again");
  }

  @Test
  void aTriggerThatWaitsThroughAnOutageIsNeverSentOnceTheRunIsCanceled(Vertx vertx) throws Exception {
    start(vertx, "happy", "");
    pdm.gitLab().faults().arm(HttpFault.before(null, "/pipelines?$", 503).withForSeconds(7200));
    String runId = newRun();
    await(runId, r -> stageStatus(r, STAGING).equals("TRIGGERING"), "checks passed, trigger waiting for GitLab");

    HttpResponse<Buffer> canceled = decide(runId, "/cancel", new JsonObject().put("reason", "GitLab is down"));
    assertThat(canceled.statusCode()).isEqualTo(202);
    JsonObject run = await(runId, r -> status(r, "canceled"), "run canceled at once");
    join(pdm.advance(Duration.ofHours(3)));
    join(vertx.timer(3000));

    assertThat(pipelines(DEPLOYER)).isEmpty();
    assertThat(currentAttempt(run, STAGING).getJsonObject("trigger").getInteger("sends")).isZero();
  }

  @Test
  void aTriggerHeldUpPastTheAgeOfItsChecksChecksAgainAndAnIncidentOpenedMeanwhileBlocksIt(Vertx vertx) throws Exception {
    start(vertx, "happy", "");
    pdm.gitLab().faults().arm(HttpFault.before(null, "/pipelines?$", 503).withForSeconds(3600));
    String runId = newRun();
    await(runId, r -> stageStatus(r, STAGING).equals("TRIGGERING"), "checks passed, trigger waiting for GitLab");

    HttpResponse<Buffer> incident = join(WebClient.create(vertx)
        .postAbs(pdm.gitLab().apiUrl() + "/projects/gitlab-com%2Fgl-infra%2Fproduction/issues")
        .putHeader("PRIVATE-TOKEN", pdm.gitLab().token())
        .sendJsonObject(new JsonObject().put("title", "Database CPU saturation").put("issue_type", "incident")
            .put("labels", "incident,severity::2")));
    assertThat(incident.statusCode()).as(incident.bodyAsString()).isEqualTo(201);
    join(pdm.advance(Duration.ofMinutes(61)));
    JsonObject blocked = await(runId, r -> status(r, "blocked"), "blocked by the incident on fresh checks");

    assertThat(pipelines(DEPLOYER)).isEmpty();
    JsonArray attempts = stage(blocked, STAGING).getJsonArray("attempts");
    assertThat(attempts.getJsonObject(0).getJsonObject("trigger").getString("withdrawn")).contains("too old");
    assertThat(stage(blocked, STAGING).getJsonArray("checks").stream().map(JsonObject.class::cast))
        .anySatisfy(check -> assertThat(check.getString("outcome")).isEqualTo("FAIL"));
  }

  @Test
  void aTriageAndAChatWebhookThatAlwaysFailShowAsFailedStepsAndDoNotHoldThePersonsDecisionUp(Vertx vertx) throws Exception {
    start(vertx, "staging-migration-fails", """
        orchestrator: {command_retry_budget: 3}
        """);
    pdm.gitLab().faults().arm(HttpFault.before("GET", "/jobs/\\d+/trace$", 500).withForSeconds(86_400));
    pdm.gitLab().chat().failWith(503);
    String runId = newRun();
    await(runId, r -> status(r, "waiting_for_decision"), "staging failed");

    for (int i = 0; i < 40 && !triageGaveUp(runId); i++) {
      join(pdm.advance(Duration.ofMinutes(1)));
      join(vertx.timer(500));
    }
    assertThat(triageGaveUp(runId)).as("triage recorded as failed after its budget").isTrue();
    HttpResponse<Buffer> retry = decide(runId, "/stages/" + STAGING + "/retry",
        new JsonObject().put("reason", "the table was dropped by hand"));
    assertThat(retry.statusCode()).as(retry.bodyAsString()).isEqualTo(202);
    await(runId, r -> stage(r, STAGING).getJsonArray("attempts").size() == 2
        && currentAttempt(r, STAGING).getValue("pipeline") != null, "second attempt triggered");

    assertThat(pipelines(DEPLOYER)).hasSize(2);
    assertThat(events(events(runId)).filter(e -> e.getString("type").equals("Notification"))
        .flatMap(e -> e.getJsonObject("payload").getJsonArray("deliveries").stream().map(JsonObject.class::cast))
        .filter(d -> d.getString("webhook").equals("sandbox-chat")))
        .as("every announcement shows the chat webhook that did not take it").isNotEmpty()
        .allSatisfy(d -> assertThat(d.getBoolean("delivered")).isFalse());
    assertThat(pdm.gitLab().chatMessages()).isEmpty();
  }

  private boolean triageGaveUp(String runId) throws Exception {
    JsonObject run = join(pdm.get("/api/v1/runs/" + runId)).bodyAsJsonObject();
    JsonObject triage = stage(run, STAGING).getJsonArray("attempts").getJsonObject(0).getJsonObject("triage");
    return triage != null && triage.getBoolean("completed") && triage.getString("summary").contains("triage could not run");
  }

  @Test
  void aRecordStepThatFailedIsRedoneAfterTheRunEnded(Vertx vertx) throws Exception {
    start(vertx, "happy", "");
    pdm.gitLab().faults().arm(HttpFault.before("POST", "/projects/gitlab-org%2Fsecurity%2Fgitlab/deployments$", 403)
        .withForSeconds(86_400));
    String runId = newRun();
    JsonObject ended = await(runId, r -> status(r, "succeeded"), "run succeeded with a failed record step");
    assertThat(stage(ended, "migrate-gprd").getJsonArray("record_steps").encode()).contains("FAILED");
    pdm.gitLab().faults().clear();

    HttpResponse<Buffer> redo = decide(runId, "/stages/migrate-gprd/records/deployment-security/retry", new JsonObject());
    assertThat(redo.statusCode()).as(redo.bodyAsString()).isEqualTo(202);
    await(runId, r -> stage(r, "migrate-gprd").getJsonArray("record_steps").stream().map(JsonObject.class::cast)
        .anyMatch(s -> s.getString("kind").equals("DEPLOYMENT_SECURITY") && s.getString("status").equals("SUCCEEDED")),
        "security deployment recorded");

    assertThat(pdm.gitLab().deployments(SECURITY)).anySatisfy(d -> assertThat(d.environment()).isEqualTo("db/gprd"));
  }

  @Test
  void aDeletedPipelineFailsItsStageAndAPersonCanAbandonIt(Vertx vertx) throws Exception {
    start(vertx, "happy", "");
    String runId = newRun();
    JsonObject running = await(runId, r -> currentAttempt(r, STAGING).getValue("pipeline") != null, "staging pipeline known");
    join(pdm.gitLab().deletePipeline(currentAttempt(running, STAGING).getJsonObject("pipeline").getLong("id")));

    JsonObject failed = await(runId, r -> status(r, "waiting_for_decision"), "stage failed");
    assertThat(currentAttempt(failed, STAGING).getJsonObject("failure").getString("kind")).isEqualTo("PIPELINE_MISSING");
    assertThat(decide(runId, "/stages/" + STAGING + "/abandon", new JsonObject()).statusCode()).isEqualTo(400);
    HttpResponse<Buffer> abandoned = decide(runId, "/stages/" + STAGING + "/abandon",
        new JsonObject().put("reason", "the pipeline was deleted by mistake; starting a new run"));

    assertThat(abandoned.statusCode()).as(abandoned.bodyAsString()).isEqualTo(202);
    JsonObject ended = await(runId, r -> status(r, "failed"), "run failed");
    assertThat(stageStatus(ended, STAGING)).isEqualTo("ABANDONED");
    assertThat(stageStatus(ended, "migrate-gprd")).isEqualTo("SKIPPED");
  }

  @Test
  void aPipelineThatEndsWithoutItsMigrationJobFailsTheStage(Vertx vertx) throws Exception {
    start(vertx, "happy", "");
    pdm.gitLab().faults().arm(PipelineFault.omitJobs("gstg", "gstg-postdeploy-migrations"));
    String runId = newRun();

    JsonObject failed = await(runId, r -> status(r, "waiting_for_decision"), "stage failed");

    JsonObject failure = currentAttempt(failed, STAGING).getJsonObject("failure");
    assertThat(failure.getString("kind")).isEqualTo("MIGRATION_JOB_NOT_RUN");
    assertThat(failure.getString("detail")).contains("without a gstg-postdeploy-migrations job");
  }

  @Test
  void aRetryWaitsUntilTheFailedAttemptsPipelineHasFinished(Vertx vertx) throws Exception {
    startStill(vertx, "happy");
    // The backfill's 18 s UPDATE runs, then queueing the background migration fails; GitLab retries the job once.
    pdm.gitLab().faults().arm(new MigrationFault("gstg", "20241108120000", "PG::QueryCanceled",
        "PG::QueryCanceled: ERROR:  canceling statement due to statement timeout", false, 1,
        "queue_batched_background_migration"));
    String runId = newRun();
    JsonObject retrying = advanceUntil(vertx, runId, r -> pipelines(DEPLOYER).stream()
            .anyMatch(p -> !p.retriedJobs().isEmpty() && p.status().equals("running"))
            && currentAttempt(r, STAGING).getValue("job") != null,
        "GitLab retrying the failed migration job", Duration.ofSeconds(1));
    long pipeline = currentAttempt(retrying, STAGING).getJsonObject("pipeline").getLong("id");

    assertThat(stageStatus(retrying, STAGING)).isEqualTo("RUNNING");
    HttpResponse<Buffer> early = decide(runId, "/stages/" + STAGING + "/retry", new JsonObject().put("reason", "safe"));
    assertThat(early.statusCode()).isEqualTo(409);
    assertThat(early.bodyAsJsonObject().getString("message")).contains("pipeline " + pipeline).contains("has finished");

    advanceUntil(vertx, runId, r -> status(r, "waiting_for_decision"), "stage failed once GitLab's retry failed too",
        Duration.ofSeconds(5));
    PipelineSnapshot first = pdm.gitLab().pipeline(pipeline).orElseThrow();
    assertThat(first.status()).isEqualTo("failed");
    assertThat(first.retriedJobs()).hasSize(1);
    pdm.gitLab().faults().clear();
    HttpResponse<Buffer> retry = decide(runId, "/stages/" + STAGING + "/retry",
        new JsonObject().put("reason", "statement timeout raised for the backfill"));
    assertThat(retry.statusCode()).as(retry.bodyAsString()).isEqualTo(202);
    advanceUntil(vertx, runId, r -> status(r, "succeeded"), "run succeeded", Duration.ofSeconds(30));

    assertThat(pipelines(DEPLOYER).stream().filter(p -> "gstg".equals(p.variables().get("DEPLOY_ENVIRONMENT"))))
        .hasSize(2);
  }

  @Test
  void aForgedSuccessWebhookWithTheRightSecretMovesNothing(Vertx vertx) throws Exception {
    startStill(vertx, "happy");
    String runId = newRun();
    JsonObject running = advanceUntil(vertx, runId, r -> stageStatus(r, STAGING).equals("RUNNING"), "staging pipeline running",
        Duration.ofSeconds(1));
    long pipeline = currentAttempt(running, STAGING).getJsonObject("pipeline").getLong("id");
    JsonObject forged = new JsonObject(java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("pdm.fixtures"),
        "webhooks", "pipeline-hook.json")));
    forged.getJsonObject("object_attributes").put("id", pipeline).put("status", "success");
    forged.getJsonArray("builds").stream().map(JsonObject.class::cast).forEach(build -> build.put("status", "success"));
    forged.getJsonArray("builds").getJsonObject(0).put("name", "gstg-postdeploy-migrations").put("stage", "migrate");
    String secret = pdm.config().gitlab().orElseThrow().webhookSecret().orElseThrow().reveal();

    HttpResponse<Buffer> delivered = join(pdm.request(io.vertx.core.http.HttpMethod.POST, "/hooks/gitlab")
        .putHeader("X-Gitlab-Token", secret).putHeader("X-Gitlab-Event", "Pipeline Hook")
        .putHeader("Content-Type", "application/json").sendBuffer(forged.toBuffer()));
    assertThat(delivered.statusCode()).isEqualTo(202);
    assertThat(delivered.bodyAsJsonObject().getString("message")).isEqualTo("accepted");
    join(vertx.timer(2500));

    JsonObject after = join(pdm.get("/api/v1/runs/" + runId)).bodyAsJsonObject();
    assertThat(stageStatus(after, STAGING)).as("GitLab's API says the pipeline still runs").isEqualTo("RUNNING");
    assertThat(currentAttempt(after, STAGING).getJsonObject("pipeline").getString("status")).isNotEqualTo("SUCCESS");
    assertThat(stageStatus(after, "migrate-gprd")).isEqualTo("PENDING");
  }

  private static <T> T join(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
