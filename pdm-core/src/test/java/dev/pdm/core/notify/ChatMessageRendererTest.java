package dev.pdm.core.notify;

import static dev.pdm.core.notify.NotifyingRun.STAGING;
import static dev.pdm.core.notify.NotifyingRun.fail;
import static dev.pdm.core.notify.NotifyingRun.pass;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.run.MitigationKind;
import dev.pdm.core.run.NotificationKind;
import dev.pdm.core.run.RecordStep;
import dev.pdm.core.run.RunEvent.CancelRequested;
import dev.pdm.core.run.RunEvent.ChecksOverridden;
import dev.pdm.core.run.RunEvent.MitigationRecorded;
import dev.pdm.core.run.RunEvent.PipelineTriggered;
import dev.pdm.core.run.RunEvent.RecordStepCompleted;
import dev.pdm.core.run.RunEvent.RetryRequested;
import dev.pdm.core.run.RunEvent.StageTimedOut;
import dev.pdm.core.run.RunEvent.TriageCompleted;
import dev.pdm.core.run.EnvironmentTier;
import dev.pdm.core.run.RunPlan;
import dev.pdm.core.run.StageSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Each notification the run state machine emits, rendered: what happened, where, who, why, and links back. */
class ChatMessageRendererTest {

  static final String PDM_URL = "https://pdm.example/runs/" + NotifyingRun.RUN_ID;
  static final ChatMessageRenderer RENDERER = new ChatMessageRenderer(Map.of("gstg", "Staging", "gprd", "Production"));

  @Test
  void runStartedSaysWhoAskedAndWhatIsPlanned() {
    NotifyingRun given = NotifyingRun.standard();

    ChatMessage message = render(given, NotificationKind.RUN_STARTED);

    assertThat(header(message)).isEqualTo(":rocket: STARTED · Post-deploy migrations run started");
    assertThat(sections(message))
        .contains("*Requested by:* release-manager")
        .contains("• Staging (gstg) migrations — checking · package `16.2.202307011200-aaa`")
        .contains("• Staging (gstg) QA — pending")
        .contains("• Production (gprd) migrations — pending · package `16.2.202306301200-bbb`");
    assertThat(context(message)).contains("<" + PDM_URL + "|Open in pdm>");
    assertThat(message.text()).startsWith(":rocket: STARTED · Post-deploy migrations run started").contains("|Open in pdm>");
  }

  @Test
  void runBlockedNamesTheFailingCheckItsReasonAndLink() {
    NotifyingRun given = NotifyingRun.standard();
    given.checks(pass("change-request"), fail("active-incident", "incident #42 is open with severity::1",
        "https://gitlab.example/incidents/42"));

    ChatMessage message = render(given, NotificationKind.RUN_BLOCKED);

    assertThat(header(message)).isEqualTo(":no_entry: BLOCKED · Staging (gstg) migrations blocked by production checks");
    assertThat(sections(message)).contains("*Blocked by:*\n• active-incident FAIL: incident #42 is open with severity::1");
    assertThat(context(message)).contains("<https://gitlab.example/incidents/42|Why it is blocked>");
  }

  @Test
  void checksOverriddenSaysWhoOverrodeAndWhy() {
    NotifyingRun given = NotifyingRun.standard();
    given.checks(fail("active-incident", "incident #42 is open", "https://gitlab.example/incidents/42"));
    given.send(new ChecksOverridden(STAGING, "oncall-sre", "incident #42 is about the CDN, not the database",
        Optional.of("https://gitlab.example/incidents/42#note_1"), given.tick()));

    ChatMessage message = render(given, NotificationKind.CHECKS_OVERRIDDEN);

    assertThat(header(message)).isEqualTo(":warning: OVERRIDDEN · Staging (gstg) migrations: production checks overridden");
    assertThat(sections(message)).contains("*By:* oncall-sre").contains("*Reason:*\n• incident #42 is about the CDN, not the database");
    assertThat(context(message)).contains("<https://gitlab.example/incidents/42#note_1|Reference>");
  }

  @Test
  void stageStartedNamesTheEnvironmentAndAttempt() {
    NotifyingRun given = NotifyingRun.standard();
    given.checks(pass("active-incident"));

    ChatMessage message = render(given, NotificationKind.STAGE_STARTED);

    assertThat(header(message)).isEqualTo(":arrow_forward: STARTED · Staging (gstg) migrations started");
    assertThat(sections(message)).contains("*Stage:* Staging (gstg) migrations · attempt 1 · now *triggering*");
  }

  @Test
  void stageSucceededLinksTheGitLabPipeline() {
    NotifyingRun given = NotifyingRun.stagingRunning();
    given.stagingMigrated();

    ChatMessage message = render(given, NotificationKind.STAGE_SUCCEEDED);

    assertThat(header(message)).isEqualTo(":white_check_mark: SUCCEEDED · Staging (gstg) migrations succeeded");
    assertThat(context(message)).contains("<https://gitlab.example/ops/deployer/-/pipelines/501|Pipeline #501 in GitLab>");
  }

  @Test
  void stageFailedShowsTheFailureTheErrorAndTheFailedJob() {
    NotifyingRun given = NotifyingRun.stagingJobFailed();

    ChatMessage message = render(given, NotificationKind.STAGE_FAILED);

    assertThat(header(message)).isEqualTo(":x: FAILED · Staging (gstg) migrations failed");
    assertThat(sections(message)).contains("*Failure:* migration job failed\n```job gstg-postdeploy-migrations (9001) failed```");
    assertThat(context(message))
        .contains("<https://gitlab.example/ops/deployer/-/pipelines/501|Pipeline #501 in GitLab>")
        .contains("<https://gitlab.example/ops/deployer/-/jobs/9001|Job in GitLab>");
    assertThat(message.text()).contains("failed — migration job failed: job gstg-postdeploy-migrations (9001) failed");
  }

  @Test
  void stageFailedSaysTheTriageFollows() {
    NotifyingRun given = NotifyingRun.stagingJobFailed();

    ChatMessage message = render(given, NotificationKind.STAGE_FAILED);

    assertThat(sections(message)).contains("_Triage is running: the failing migration, its error and the incident follow._");
  }

  @Test
  void stageFailedRenderedAfterTheTriageShowsTheFailingMigrationAndIncident() {
    NotifyingRun given = NotifyingRun.stagingJobFailed();
    given.send(new TriageCompleted(STAGING, 1, "20230701120000 AddIndexToUsers failed: PG::DuplicateTable",
        Optional.of("https://gitlab.example/ops/incidents/-/issues/7"), given.tick()));

    ChatMessage message = render(given, NotificationKind.STAGE_FAILED);

    assertThat(sections(message)).contains("*Triage:* 20230701120000 AddIndexToUsers failed: PG::DuplicateTable");
    assertThat(context(message)).contains("<https://gitlab.example/ops/incidents/-/issues/7|Incident>");
  }

  @Test
  void aFailedTriggerHasNoTriage() {
    NotifyingRun given = NotifyingRun.stagingTriggerFailed("500 Internal Server Error");

    ChatMessage message = render(given, NotificationKind.STAGE_FAILED);

    assertThat(sections(message)).contains("*Failure:* trigger failed\n```500 Internal Server Error```").doesNotContain("Triage");
  }

  @Test
  void stageTimedOutSaysTheStageIsStillRunning() {
    NotifyingRun given = NotifyingRun.stagingRunning();
    given.send(new StageTimedOut(STAGING, 1, given.tick()));

    ChatMessage message = render(given, NotificationKind.STAGE_TIMED_OUT);

    assertThat(header(message)).isEqualTo(":hourglass: SLOW · Staging (gstg) migrations is taking longer than expected");
    assertThat(sections(message)).contains("*Status:*\n• attempt 1 is still RUNNING");
  }

  @Test
  void triageCompletedShowsTheFailingMigrationAndLinksTheIncident() {
    NotifyingRun given = NotifyingRun.stagingJobFailed();
    given.send(new TriageCompleted(STAGING, 1, "20230701120000 AddIndexToUsers failed: PG::DuplicateTable: ERROR: relation "
        + "\"index_users_on_name\" already exists", Optional.of("https://gitlab.example/ops/incidents/-/issues/7"), given.tick()));

    ChatMessage message = render(given, NotificationKind.TRIAGE_COMPLETED);

    assertThat(header(message)).isEqualTo(":mag: TRIAGED · Staging (gstg) migrations: failure triaged");
    assertThat(sections(message)).contains("*Finding:*\n```20230701120000 AddIndexToUsers failed: PG::DuplicateTable: ERROR: "
        + "relation \"index_users_on_name\" already exists```");
    assertThat(context(message)).contains("<https://gitlab.example/ops/incidents/-/issues/7|Incident>");
  }

  @Test
  void retryRequestedSaysWhoDecidedAndWhy() {
    NotifyingRun given = NotifyingRun.stagingJobFailed();
    given.send(new RetryRequested(STAGING, "db-maintainer", "lock timeout; the table is quiet now", given.tick()));

    ChatMessage message = render(given, NotificationKind.RETRY_REQUESTED);

    assertThat(header(message)).isEqualTo(":repeat: RETRY · Staging (gstg) migrations: retry requested");
    assertThat(sections(message)).contains("*By:* db-maintainer").contains("• lock timeout; the table is quiet now");
  }

  @Test
  void mitigationRecordedSaysWhoWhyAndLinksTheChange() {
    NotifyingRun given = NotifyingRun.stagingJobFailed();
    given.send(new MitigationRecorded(STAGING, "db-maintainer", MitigationKind.NOOP, "migration made a no-op",
        Optional.of("https://gitlab.example/app/-/merge_requests/12"), given.tick()));

    ChatMessage message = render(given, NotificationKind.MITIGATION_RECORDED);

    assertThat(header(message)).isEqualTo(":adhesive_bandage: MITIGATED · Staging (gstg) migrations: mitigation recorded");
    assertThat(sections(message)).contains("*By:* db-maintainer").contains("• migration made a no-op");
    assertThat(context(message)).contains("<https://gitlab.example/app/-/merge_requests/12|Reference>");
  }

  @Test
  void recordStepFailedNamesTheStepAndTheError() {
    NotifyingRun given = NotifyingRun.stagingRunning();
    given.stagingMigrated();
    given.send(new RecordStepCompleted(STAGING, RecordStep.Kind.LABEL_MRS, 1, false, "403 Forbidden", given.tick()));

    ChatMessage message = render(given, NotificationKind.RECORD_STEP_FAILED);

    assertThat(header(message)).isEqualTo(":warning: RECORDING FAILED · Staging (gstg) migrations: a record step failed");
    assertThat(sections(message)).contains("*Step:* label mrs\n```403 Forbidden```");
  }

  @Test
  void runCancelingSaysWhoCanceledAndThatTheStageEndsOnItsOwn() {
    NotifyingRun given = NotifyingRun.stagingRunning();
    given.send(new CancelRequested("release-manager", "wrong package", given.tick()));

    ChatMessage message = render(given, NotificationKind.RUN_CANCELING);

    assertThat(header(message)).isEqualTo(":octagonal_sign: CANCELING · Post-deploy migrations run canceling");
    assertThat(sections(message)).contains("*By:* release-manager").contains("*Run:* `3f2b8c1e` · *canceling*")
        .contains("• Staging (gstg) migrations — running").contains("*Reason:*\n• wrong package");
  }

  @Test
  void runSucceededListsEveryStageAsSucceeded() {
    NotifyingRun given = NotifyingRun.started(new RunPlan("staging-only", List.of(StageSpec.migrate("gstg", EnvironmentTier.STAGING))));
    given.checks(pass("active-incident"));
    given.send(new PipelineTriggered(STAGING, 1, 501, NotifyingRun.pipelineUrl(501), false, given.tick()));
    given.stagingMigrated();
    given.recordEverything(STAGING);

    ChatMessage message = render(given, NotificationKind.RUN_SUCCEEDED);

    assertThat(header(message)).isEqualTo(":tada: SUCCEEDED · Post-deploy migrations run finished");
    assertThat(sections(message)).contains("*Run:* `3f2b8c1e` · *succeeded*").contains("• Staging (gstg) migrations — succeeded");
  }

  @Test
  void runCanceledShowsStagesCanceledAndSkipped() {
    NotifyingRun given = NotifyingRun.standard();
    given.send(new CancelRequested("release-manager", "", given.tick()));

    ChatMessage message = render(given, NotificationKind.RUN_CANCELED);

    assertThat(header(message)).isEqualTo(":no_entry_sign: CANCELED · Post-deploy migrations run canceled");
    assertThat(sections(message)).contains("*By:* release-manager")
        .contains("• Staging (gstg) migrations — canceled").contains("• Staging (gstg) QA — skipped");
  }

  @Test
  void runFailedSaysWhoClosedItAndWhy() {
    NotifyingRun given = NotifyingRun.stagingJobFailed();
    given.send(new CancelRequested("release-manager", "rolled back the package instead", given.tick()));

    ChatMessage message = render(given, NotificationKind.RUN_FAILED);

    assertThat(header(message)).isEqualTo(":boom: FAILED · Post-deploy migrations run closed as failed");
    assertThat(sections(message)).contains("*By:* release-manager").contains("• Staging (gstg) migrations — failed")
        .contains("*Reason:*\n• rolled back the package instead");
  }

  @Test
  void environmentsWithoutATitleAreShownByTheirName() {
    NotifyingRun given = NotifyingRun.standard();
    given.checks(pass("active-incident"));

    ChatMessage message = new ChatMessageRenderer(Map.of()).render(given.last(NotificationKind.STAGE_STARTED), given.run, PDM_URL);

    assertThat(header(message)).isEqualTo(":arrow_forward: STARTED · gstg migrations started");
  }

  @Test
  void configuredEnvironmentsAreTitledAfterTheirWorkflowLabel() {
    NotifyingRun given = NotifyingRun.standard();
    given.checks(pass("active-incident"));
    ChatMessageRenderer renderer = ChatMessageRenderer.forEnvironments(List.of(
        new PdmConfig.Environment("gstg", "gstg", "db/gstg", "staging", "gstg-postdeploy-migrations", Optional.empty(),
            PdmConfig.Tier.STAGING)));

    ChatMessage message = renderer.render(given.last(NotificationKind.STAGE_STARTED), given.run, PDM_URL);

    assertThat(header(message)).isEqualTo(":arrow_forward: STARTED · Staging (gstg) migrations started");
  }

  @Test
  void withoutAPublicUrlThereIsNoPdmLink() {
    NotifyingRun given = NotifyingRun.standard();

    ChatMessage message = RENDERER.render(given.last(NotificationKind.RUN_STARTED), given.run, "");

    assertThat(message.toSlackJson().toString()).doesNotContain("Open in pdm");
    assertThat(context(message)).containsExactly("pdm run `3f2b8c1e`");
  }

  @Test
  void theWebhookBodyIsSlackBlockKit() {
    NotifyingRun given = NotifyingRun.stagingJobFailed();

    JsonNode body = render(given, NotificationKind.STAGE_FAILED).toSlackJson();

    assertThat(body.get("text").asText()).startsWith(":x: FAILED");
    assertThat(StreamSupport.stream(body.get("blocks").spliterator(), false).map(b -> b.get("type").asText()))
        .containsExactly("header", "section", "section", "context");
    assertThat(body.at("/blocks/0/text/type").asText()).isEqualTo("plain_text");
    assertThat(body.at("/blocks/1/text/type").asText()).isEqualTo("mrkdwn");
    assertThat(body.at("/blocks/1/text/verbatim").asBoolean()).isTrue();
    assertThat(body.at("/blocks/3/elements/0/type").asText()).isEqualTo("mrkdwn");
  }

  static ChatMessage render(NotifyingRun given, NotificationKind kind) {
    return RENDERER.render(given.last(kind), given.run, PDM_URL);
  }

  static String header(ChatMessage message) {
    return ((ChatBlock.Header) message.blocks().get(0)).plainText();
  }

  static String sections(ChatMessage message) {
    return String.join("\n", message.blocks().stream()
        .filter(ChatBlock.Section.class::isInstance).map(b -> ((ChatBlock.Section) b).mrkdwn()).toList());
  }

  static List<String> context(ChatMessage message) {
    return message.blocks().stream().filter(ChatBlock.Context.class::isInstance)
        .flatMap(b -> ((ChatBlock.Context) b).elements().stream()).toList();
  }
}
