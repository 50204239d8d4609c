package dev.pdm.server.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.sandbox.SandboxOptions;
import dev.pdm.sandbox.SandboxSnapshots.IssueSnapshot;
import dev.pdm.sandbox.scenario.ScenarioFaults.HttpFault;
import dev.pdm.server.testing.SandboxedPdm;
import dev.pdm.server.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The runbook after a failed post-deploy migration, end to end against the simulated GitLab: pdm follows the incident
 * it opened, records who decided what and why on the incident, in chat and on the run, follows the fix into every
 * environment, offers the new run, and once the incident is resolved pings the release managers and keeps the monthly
 * release checklist. Every note pdm writes exists once, even with pdm restarted while one was being posted.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class IncidentWorkflowTest {
  private static final String PRODUCTION = "gitlab-com/gl-infra/production";
  private static final String RELEASE_TASKS = "gitlab-org/release/tasks";
  private static final String STAGING = "migrate-gstg";
  private static final String PRODUCTION_STAGE = "migrate-gprd";
  private static final String CONFIG = """
      release_managers: [fatima-haddad, emil-larsen]
      orchestrator:
        shutdown_grace_seconds: 0
      """;
  private static final Pattern NOTE_MARKER = Pattern.compile("pdm-incident-note:[^ ]+");
  private SandboxedPdm pdm;

  @AfterEach
  void stop() throws Exception {
    if (pdm != null) {
      join(pdm.close());
    }
  }

  @Test
  void aBlockingStagingFailureIsMadeANoOpShippedReRunResolvedAndCheckedOffWithEveryNoteOnce(Vertx vertx)
      throws Exception {
    Failed failed = failed(vertx, "staging-migration-fails", STAGING);
    String runId = failed.runId();
    long incident = failed.incident();

    HttpResponse<Buffer> blocked = decide(runId, "block", new JsonObject().put("blocks", true)
        .put("reason", "the table exists on gstg by hand; gprd would fail the same way"));
    awaitWorkflow(runId, w -> entries(w, "BLOCK_DECIDED").allMatch(e -> e.getBoolean("note_posted")),
        "the blocking decision noted");
    JsonObject checks = join(pdm.get("/api/v1/checks?env=gstg&fresh=true")).bodyAsJsonObject();

    pdm.gitLab().faults().arm(HttpFault.holdAfter("POST", "/issues/" + incident + "/notes$", 4000));
    HttpResponse<Buffer> planned = decide(runId, "plan", new JsonObject().put("kind", "noop-mr")
        .put("merge_request", "!171688").put("reason", "bruno-costa's MR makes the migration a no-op"));
    String planMarker = awaitNoteWith(incident, "Mitigation plan");
    join(pdm.restartPdm());
    awaitWorkflow(runId, w -> entries(w, "PLAN_CHOSEN").allMatch(e -> e.getBoolean("note_posted")),
        "the plan noted by the restarted pdm");

    join(pdm.gitLab().mergeMergeRequest("gitlab-org/gitlab", 171688, Optional.empty()));
    join(pdm.gitLab().deployPackage("gstg"));
    JsonObject halfway = awaitWorkflow(runId, w -> mergeRequest(w).getJsonArray("on_environments").contains("gstg"),
        "the fix seen on gstg");
    join(pdm.gitLab().deployPackage("gprd"));
    JsonObject ready = awaitWorkflow(runId, w -> w.getValue("ready_at") != null
        && entries(w, "BLOCK_LIFTED").allMatch(e -> e.getBoolean("note_posted")), "ready to re-run, block lifted");

    HttpResponse<Buffer> rerun = join(pdm.post("/api/v1/runs/" + runId + "/stages/" + STAGING + "/incident/rerun",
        new JsonObject()));
    assertThat(rerun.statusCode()).as(rerun.bodyAsString()).isEqualTo(201);
    String nextRunId = rerun.bodyAsJsonObject().getString("id");
    JsonObject next = join(pdm.settled(nextRunId));
    JsonObject afterRun = awaitWorkflow(runId, w -> w.getJsonObject("next_run") != null
        && "succeeded".equals(w.getJsonObject("next_run").getString("status")), "the re-run seen succeeded");

    join(gitLabApi(vertx, HttpMethod.PUT, "/projects/" + encode(PRODUCTION) + "/issues/" + incident,
        new JsonObject().put("state_event", "close")));
    JsonObject done = awaitWorkflow(runId, w -> !w.getBoolean("following"), "the workflow complete");
    JsonObject oldRun = join(pdm.get("/api/v1/runs/" + runId)).bodyAsJsonObject();

    assertThat(blocked.statusCode()).as(blocked.bodyAsString()).isEqualTo(202);
    assertThat(checks.getJsonArray("environments").getJsonObject(0).getJsonObject("checks").getJsonArray("results")
        .stream().map(JsonObject.class::cast).filter(c -> "active-incidents".equals(c.getString("check"))).findFirst()
        .orElseThrow().getString("verdict")).as("checks block a new run while the incident blocks deployments")
        .isEqualTo("FAIL");
    assertThat(planned.statusCode()).as(planned.bodyAsString()).isEqualTo(202);
    assertThat(halfway.getJsonArray("open_items").encode()).contains("Deploy !171688 to gprd");
    assertThat(issue(PRODUCTION, incident).labels()).doesNotContain("blocks deployments");
    assertThat(entries(ready, "READY_TO_RERUN")).hasSize(1);
    assertThat(next.getString("status")).isEqualTo("succeeded");
    assertThat(next.getJsonObject("state").getJsonObject("pending").getJsonObject("gstg").getJsonArray("migrations")
        .stream().map(JsonObject.class::cast)
        .filter(m -> "20241106150244".equals(m.getJsonObject("file").getString("version"))).findFirst().orElseThrow()
        .getJsonObject("merge_request").getLong("iid"))
        .as("the migration's origin is the MR that added it, not the no-op MR that changed it").isEqualTo(171204);
    assertThat(afterRun.getJsonObject("next_run").getString("run_id")).isEqualTo(nextRunId);
    assertThat(oldRun.getString("status")).isEqualTo("failed");
    assertThat(done.getJsonObject("resolution").getString("how")).isEqualTo("closed");
    assertThat(done.getJsonArray("release_items")).singleElement().satisfies(item ->
        assertThat(((JsonObject) item).getString("status")).isEqualTo("TICKED"));
    assertThat(done.getJsonArray("open_items")).isEmpty();
    assertThat(releaseIssue().description()).containsPattern("- \\[x\\] Ensure \\[!171688\\]\\(http");
    List<String> notes = issue(PRODUCTION, incident).notes();
    assertThat(notes).anySatisfy(n -> assertThat(n).contains("@fatima-haddad @emil-larsen"))
        .anySatisfy(n -> assertThat(n).contains("Ready to re-run"))
        .anySatisfy(n -> assertThat(n).contains("This failure blocks deployments"));
    Map<String, Integer> perMarker = markers(notes);
    assertThat(perMarker).as("every note once").allSatisfy((marker, count) -> assertThat(count).as(marker).isOne());
    assertThat(perMarker).containsKey(planMarker);
    assertThat(perMarker).hasSameSizeAs(entries(done, null).filter(e -> e.getBoolean("noted")).toList());
    assertThat(entries(done, null).filter(e -> e.getBoolean("noted")))
        .allSatisfy(e -> assertThat(e.getBoolean("note_posted")).isTrue());
    assertThat(pdm.gitLab().chatMessages().stream().map(m -> m.text()).toList())
        .anySatisfy(t -> assertThat(t).contains("Deployments blocked"))
        .anySatisfy(t -> assertThat(t).contains("Ready to re-run"))
        .anySatisfy(t -> assertThat(t).contains("Incident resolved"));
  }

  @Test
  void aDataMigrationFailingOnProductionIsMarkedCompleteByChangeRequestsAndTheNextRunSkipsIt(Vertx vertx)
      throws Exception {
    Failed failed = failed(vertx, "production-migration-fails", PRODUCTION_STAGE);
    String runId = failed.runId();
    JsonObject started = failed.workflow();
    long markComplete = newIssue(vertx, "[C2] Mark 20241108120000 complete on gprd", "change,change::scheduled,C2");
    JsonObject cleanup = join(gitLabApi(vertx, HttpMethod.POST, "/projects/" + encode(PRODUCTION) + "/issues",
        new JsonObject().put("title", "[C3] Clean up after QueueBackfillIssueLinksNamespaceId")
            .put("labels", "change,change::scheduled,C3"))).bodyAsJsonObject();

    HttpResponse<Buffer> withoutChangeRequest = decide(runId, PRODUCTION_STAGE, "plan", new JsonObject()
        .put("kind", "mark-complete").put("reason", "data verified"));
    HttpResponse<Buffer> planned = decide(runId, PRODUCTION_STAGE, "plan", new JsonObject().put("kind", "mark-complete")
        .put("change_request", "#" + markComplete).put("cleanup_change_request", cleanup.getString("web_url"))
        .put("reason", "the UPDATE finished by hand; backfill queued by the DBRE"));
    JsonObject withPlan = awaitWorkflow(runId, PRODUCTION_STAGE, w -> w.getValue("plan") != null, "the plan");
    join(gitLabApi(vertx, HttpMethod.PUT, "/projects/" + encode(PRODUCTION) + "/issues/" + markComplete,
        new JsonObject().put("add_labels", "change::in-progress").put("remove_labels", "change::scheduled")));
    awaitWorkflow(runId, PRODUCTION_STAGE, w -> entries(w, "CHANGE_REQUEST").count() == 1, "the CR in progress");
    join(pdm.gitLab().markMigrationComplete("gprd", "20241108120000"));
    join(gitLabApi(vertx, HttpMethod.PUT, "/projects/" + encode(PRODUCTION) + "/issues/" + markComplete,
        new JsonObject().put("labels", "change,change::complete,C2").put("state_event", "close")));
    awaitWorkflow(runId, PRODUCTION_STAGE, w -> w.getValue("ready_at") != null, "ready to re-run");

    HttpResponse<Buffer> rerun = join(pdm.post("/api/v1/runs/" + runId + "/stages/" + PRODUCTION_STAGE
        + "/incident/rerun", new JsonObject().put("reason", "CR done: the next run skips the version")));
    String nextRunId = rerun.bodyAsJsonObject().getString("id");
    JsonObject blocked = join(pdm.settled(nextRunId));
    HttpResponse<Buffer> overridden = join(pdm.post("/api/v1/runs/" + nextRunId + "/stages/migrate-gstg/override",
        new JsonObject().put("reason", "nothing pending on staging: this run is for gprd")));
    JsonObject next = join(pdm.await(nextRunId, r -> "succeeded".equals(r.getString("status")), "the re-run passed"));
    JsonObject checked = awaitWorkflow(runId, PRODUCTION_STAGE, w -> w.getJsonObject("next_run") != null
        && w.getJsonObject("next_run").getValue("version_still_pending") != null, "the version checked");
    HttpResponse<Buffer> answered = decide(runId, PRODUCTION_STAGE, "follow-ups/self-managed",
        new JsonObject().put("answer", "yes: self-managed runs it in one transaction with a smaller batch"));
    join(gitLabApi(vertx, HttpMethod.PUT, "/projects/" + encode(PRODUCTION) + "/issues/" + cleanup.getLong("iid"),
        new JsonObject().put("state_event", "close")));
    long incident = failed.incident();
    join(gitLabApi(vertx, HttpMethod.PUT, "/projects/" + encode(PRODUCTION) + "/issues/" + incident,
        new JsonObject().put("add_labels", "Incident::Resolved")));
    JsonObject done = awaitWorkflow(runId, PRODUCTION_STAGE, w -> !w.getBoolean("following"), "the workflow complete");

    assertThat(started.getJsonObject("subject").getString("kind")).isEqualTo("DML");
    assertThat(started.getJsonArray("open_items").encode()).contains("mark the migration complete and clean up");
    assertThat(withoutChangeRequest.statusCode()).isEqualTo(400);
    assertThat(withoutChangeRequest.bodyAsJsonObject().getString("message")).contains("change_request: required");
    assertThat(planned.statusCode()).as(planned.bodyAsString()).isEqualTo(202);
    assertThat(withPlan.getJsonArray("open_items").encode())
        .contains("Follow-up: Is the migration safe for self-managed instances?")
        .contains("Change request #" + markComplete + " (mark 20241108120000 complete on gprd) is opened");
    assertThat(rerun.statusCode()).as(rerun.bodyAsString()).isEqualTo(201);
    assertThat(blocked.getString("status")).as("nothing is pending on staging any more").isEqualTo("blocked");
    assertThat(overridden.statusCode()).as(overridden.bodyAsString()).isEqualTo(202);
    assertThat(next.getString("status")).isEqualTo("succeeded");
    assertThat(checked.getJsonObject("next_run").getBoolean("version_still_pending")).isFalse();
    assertThat(entries(checked, "NEXT_RUN").map(e -> e.getString("text")))
        .anySatisfy(t -> assertThat(t).contains("20241108120000 is no longer pending on gprd"));
    assertThat(answered.statusCode()).as(answered.bodyAsString()).isEqualTo(202);
    assertThat(done.getJsonObject("resolution").getString("how")).isEqualTo("labelled Incident::Resolved");
    assertThat(done.getJsonArray("open_items")).isEmpty();
    assertThat(done.getJsonArray("release_items")).isEmpty();
    List<String> notes = issue(PRODUCTION, incident).notes();
    assertThat(notes).anySatisfy(n -> assertThat(n).contains("Mitigation plan: mark the migration complete"))
        .anySatisfy(n -> assertThat(n).contains("Follow-up answered"))
        .anySatisfy(n -> assertThat(n).contains("is no longer pending"));
    assertThat(markers(notes)).allSatisfy((marker, count) -> assertThat(count).as(marker).isOne());
  }

  @Test
  void aHandOverPostsTheDraftedSummaryToTheIncidentAndChatOnlyForAReleaseManager(Vertx vertx) throws Exception {
    Failed failed = failed(vertx, "staging-migration-fails", STAGING);
    String runId = failed.runId();
    long incident = failed.incident();

    HttpResponse<Buffer> notBlocking = decide(runId, "block", new JsonObject().put("blocks", false)
        .put("reason", "gstg only; nothing deploys today"));
    HttpResponse<Buffer> toStranger = decide(runId, "handover", new JsonObject().put("to", "chen-wei"));
    HttpResponse<Buffer> handedOver = decide(runId, "handover", new JsonObject().put("to", "@emil-larsen"));
    JsonObject after = awaitWorkflow(runId, w -> entries(w, "HANDED_OVER").allMatch(e -> e.getBoolean("note_posted"))
        && entries(w, "HANDED_OVER").count() == 1, "the hand-over noted");

    assertThat(notBlocking.statusCode()).as(notBlocking.bodyAsString()).isEqualTo(202);
    assertThat(toStranger.statusCode()).isEqualTo(400);
    assertThat(toStranger.bodyAsJsonObject().getString("message"))
        .contains("to: expected one of the release managers [fatima-haddad, emil-larsen] (got chen-wei)");
    assertThat(handedOver.statusCode()).as(handedOver.bodyAsString()).isEqualTo(202);
    JsonObject handover = after.getJsonArray("handovers").getJsonObject(0);
    assertThat(handover.getString("to")).isEqualTo("emil-larsen");
    assertThat(handover.getString("summary"))
        .contains("20241106150244 CreateCiJobTokenAuthorizationsArchive failed on gstg")
        .contains("Blocks deployments: no (sandbox-operator: gstg only; nothing deploys today)")
        .contains("Plan: not agreed yet").contains("Open items:").contains("- Agree a mitigation plan");
    assertThat(issue(PRODUCTION, incident).labels()).doesNotContain("blocks deployments");
    assertThat(issue(PRODUCTION, incident).notes())
        .anySatisfy(n -> assertThat(n).contains("This failure does not block deployments"))
        .anySatisfy(n -> assertThat(n).contains("Hand-over to @emil-larsen").contains("Open items:"));
    assertThat(pdm.gitLab().chatMessages()).as("chat text mentions nobody: a zero-width space follows the @")
        .anySatisfy(m -> assertThat(m.payload().getString("text"))
            .contains("hands the incident workflow over to @\u200Bemil-larsen"));
    assertThat(pdm.gitLab().chatMessages()).noneSatisfy(m -> assertThat(m.text()).contains("Deployments blocked"));
  }

  @Test
  void badDecisionsAreRefusedNamingTheFieldAndChangeNothing(Vertx vertx) throws Exception {
    Failed failed = failed(vertx, "staging-migration-fails", STAGING);
    String runId = failed.runId();
    JsonObject started = failed.workflow();

    HttpResponse<Buffer> blocksAsText = decide(runId, "block", new JsonObject().put("blocks", "yes").put("reason", ""));
    HttpResponse<Buffer> unknownKind = decide(runId, "plan", new JsonObject().put("kind", "rollback")
        .put("reason", "r"));
    HttpResponse<Buffer> unknownMr = decide(runId, "plan", new JsonObject().put("kind", "noop-mr")
        .put("merge_request", "!99999").put("reason", "r"));
    HttpResponse<Buffer> garbledMr = decide(runId, "plan", new JsonObject().put("kind", "noop-mr")
        .put("merge_request", "the no-op one").put("reason", "r"));
    HttpResponse<Buffer> otherWithoutLink = decide(runId, "plan", new JsonObject().put("kind", "other")
        .put("reason", "r"));
    HttpResponse<Buffer> markCompleteOnDdl = decide(runId, "plan", new JsonObject().put("kind", "mark-complete")
        .put("change_request", "#1").put("reason", "r"));
    HttpResponse<Buffer> tooEarly = decide(runId, "rerun", new JsonObject());
    HttpResponse<Buffer> noWorkflow = decide(runId, "migrate-gprd", "block", new JsonObject().put("blocks", true)
        .put("reason", "r"));
    HttpResponse<Buffer> unknownStage = decide(runId, "migrate-pre", "block", new JsonObject().put("blocks", true)
        .put("reason", "r"));
    HttpResponse<Buffer> asViewer = join(pdm.request(HttpMethod.POST, "/api/v1/runs/" + runId + "/stages/" + STAGING
        + "/incident/block").bearerTokenAuthentication(dev.pdm.server.testing.TestConfig.VIEWER_TOKEN)
        .sendJsonObject(new JsonObject().put("blocks", true).put("reason", "r")));
    JsonObject after = workflow(join(pdm.get("/api/v1/runs/" + runId)).bodyAsJsonObject(), STAGING).orElseThrow();

    assertThat(blocksAsText.statusCode()).isEqualTo(400);
    assertThat(blocksAsText.bodyAsJsonObject().getJsonArray("problems")).hasSize(2);
    assertThat(blocksAsText.bodyAsString()).contains("blocks: expected true").contains("(got yes)")
        .contains("reason: required");
    assertThat(unknownKind.bodyAsString()).contains("kind: expected noop-mr, mark-complete, retry or other (got rollback)");
    assertThat(unknownMr.statusCode()).isEqualTo(400);
    assertThat(unknownMr.bodyAsString()).contains("merge_request: GitLab has no merge request !99999 in gitlab-org/gitlab");
    assertThat(garbledMr.bodyAsString()).contains("merge_request: expected !123, 123 or a merge request URL (got the"
        + " no-op one)");
    assertThat(otherWithoutLink.bodyAsString()).contains("link: required for an 'other' plan");
    assertThat(markCompleteOnDdl.statusCode()).isEqualTo(409);
    assertThat(markCompleteOnDdl.bodyAsString()).contains("mark-complete is for a data migration (DML)");
    assertThat(tooEarly.statusCode()).isEqualTo(409);
    assertThat(tooEarly.bodyAsString()).contains("no mitigation plan is recorded yet");
    assertThat(noWorkflow.statusCode()).isEqualTo(409);
    assertThat(noWorkflow.bodyAsString()).contains("stage migrate-gprd has no incident workflow");
    assertThat(unknownStage.statusCode()).isEqualTo(400);
    assertThat(unknownStage.bodyAsString()).contains("stage: expected one of the run's stages");
    assertThat(asViewer.statusCode()).isEqualTo(403);
    assertThat(after).isEqualTo(started);
  }

  @Test
  void aReleaseItemIsTickedOnlyOnceItsMergeRequestRunsOnProduction(Vertx vertx) throws Exception {
    Failed failed = failed(vertx, "staging-migration-fails", STAGING);
    String runId = failed.runId();
    long incident = failed.incident();
    decide(runId, "plan", new JsonObject().put("kind", "noop-mr").put("merge_request",
        "http://gitlab.example/gitlab-org/gitlab/-/merge_requests/171688").put("reason", "make it a no-op"));
    join(pdm.gitLab().mergeMergeRequest("gitlab-org/gitlab", 171688, Optional.empty()));
    join(pdm.gitLab().deployPackage("gstg"));
    awaitWorkflow(runId, w -> mergeRequest(w).getJsonArray("on_environments").contains("gstg"), "on gstg");

    join(gitLabApi(vertx, HttpMethod.PUT, "/projects/" + encode(PRODUCTION) + "/issues/" + incident,
        new JsonObject().put("state_event", "close")));
    JsonObject added = awaitWorkflow(runId, w -> w.getJsonArray("release_items").stream().map(JsonObject.class::cast)
        .anyMatch(i -> "ADDED".equals(i.getString("status"))), "the release item added");
    String stillUnticked = releaseIssue().description();
    join(pdm.gitLab().deployPackage("gprd"));
    JsonObject ticked = awaitWorkflow(runId, w -> w.getJsonArray("release_items").stream().map(JsonObject.class::cast)
        .anyMatch(i -> "TICKED".equals(i.getString("status"))), "the release item ticked");

    assertThat(added.getJsonArray("open_items").encode()).contains("Ensure !171688 is in the monthly release (not on"
        + " gprd yet)");
    assertThat(stillUnticked).containsPattern("- \\[ \\] Ensure \\[!171688\\]");
    assertThat(releaseIssue().description()).containsPattern("- \\[x\\] Ensure \\[!171688\\]")
        .doesNotContainPattern("- \\[ \\] Ensure \\[!171688\\]")
        .contains("- [ ] Post-deploy migrations run on staging and production");
    assertThat(entries(ticked, "RELEASE_ITEM")).hasSize(2);
    assertThat(issue(PRODUCTION, incident).notes()).anySatisfy(n -> assertThat(n)
        .contains("@fatima-haddad @emil-larsen").contains("ensure [!171688]"));
  }

  // --- helpers ----------------------------------------------------------------------------------------------------

  /** A run of the scenario whose stage failed, and its incident workflow once started. */
  private record Failed(String runId, JsonObject workflow, long incident) {
  }

  private Failed failed(Vertx vertx, String scenario, String stage) throws Exception {
    start(vertx, scenario);
    String runId = newRun();
    JsonObject workflow = awaitWorkflow(runId, stage, w -> true, "the workflow started");
    return new Failed(runId, workflow, workflow.getJsonObject("subject").getJsonObject("incident").getLong("iid"));
  }

  private void start(Vertx vertx, String scenario) throws Exception {
    pdm = join(SandboxedPdm.start(vertx, SandboxOptions.defaults().withScenario(scenario)
        .withSpeed(SandboxedPdm.SPEED), Optional.of(CONFIG), TestDatabase.fresh()));
  }

  private String newRun() throws Exception {
    HttpResponse<Buffer> created = join(pdm.post("/api/v1/runs", new JsonObject()));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getString("id");
  }

  private HttpResponse<Buffer> decide(String runId, String what, JsonObject body) throws Exception {
    return decide(runId, STAGING, what, body);
  }

  private HttpResponse<Buffer> decide(String runId, String stage, String what, JsonObject body) throws Exception {
    return join(pdm.post("/api/v1/runs/" + runId + "/stages/" + stage + "/incident/" + what, body));
  }

  private JsonObject awaitWorkflow(String runId, Predicate<JsonObject> condition, String what) throws Exception {
    return awaitWorkflow(runId, STAGING, condition, what);
  }

  private JsonObject awaitWorkflow(String runId, String stage, Predicate<JsonObject> condition, String what)
      throws Exception {
    JsonObject run = join(pdm.await(runId, r -> workflow(r, stage).map(condition::test).orElse(false), what));
    return workflow(run, stage).orElseThrow();
  }

  private static Optional<JsonObject> workflow(JsonObject run, String stage) {
    JsonObject incidents = run.getJsonObject("state").getJsonObject("incidents");
    return Optional.ofNullable(incidents).map(i -> i.getJsonObject(stage));
  }

  private static JsonObject mergeRequest(JsonObject workflow) {
    return workflow.getJsonObject("plan").getJsonObject("merge_request");
  }

  /** The workflow's timeline entries of one kind (all with {@code null}). */
  static Stream<JsonObject> entries(JsonObject workflow, String kind) {
    return workflow.getJsonArray("timeline").stream().map(JsonObject.class::cast)
        .filter(e -> kind == null || kind.equals(e.getString("kind")));
  }

  private IssueSnapshot issue(String project, long iid) {
    return pdm.gitLab().issues(project).stream().filter(i -> i.iid() == iid).findFirst().orElseThrow();
  }

  private IssueSnapshot releaseIssue() {
    return pdm.gitLab().issues(RELEASE_TASKS).stream().filter(i -> "opened".equals(i.state())).findFirst()
        .orElseThrow();
  }

  /** Waits until a note containing {@code text} is on the incident; answers its marker. */
  private String awaitNoteWith(long incident, String text) throws Exception {
    for (int i = 0; i < 300; i++) {
      Optional<String> note = issue(PRODUCTION, incident).notes().stream().filter(n -> n.contains(text)).findFirst();
      if (note.isPresent()) {
        Matcher marker = NOTE_MARKER.matcher(note.get());
        assertThat(marker.find()).as(note.get()).isTrue();
        return marker.group();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no note with '" + text + "' on incident #" + incident);
  }

  static Map<String, Integer> markers(List<String> notes) {
    Map<String, Integer> counts = new HashMap<>();
    notes.forEach(note -> {
      Matcher marker = NOTE_MARKER.matcher(note);
      while (marker.find()) {
        counts.merge(marker.group(), 1, Integer::sum);
      }
    });
    return counts;
  }

  private Future<HttpResponse<Buffer>> gitLabApi(Vertx vertx, HttpMethod method, String path, JsonObject body) {
    return WebClient.create(vertx).requestAbs(method, pdm.gitLab().apiUrl() + path)
        .putHeader("PRIVATE-TOKEN", pdm.gitLab().token()).sendJsonObject(body);
  }

  private long newIssue(Vertx vertx, String title, String labels) throws Exception {
    return join(gitLabApi(vertx, HttpMethod.POST, "/projects/" + encode(PRODUCTION) + "/issues",
        new JsonObject().put("title", title).put("labels", labels))).bodyAsJsonObject().getLong("iid");
  }

  private static String encode(String project) {
    return java.net.URLEncoder.encode(project, java.nio.charset.StandardCharsets.UTF_8);
  }

  static <T> T join(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(150, TimeUnit.SECONDS);
  }

}
