package dev.pdm.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.run.Command.Notify;
import dev.pdm.core.run.Command.RunChecks;
import dev.pdm.core.run.Command.Triage;
import dev.pdm.core.run.Command.TriggerPipeline;
import dev.pdm.core.run.Decision.Rejected;
import dev.pdm.core.run.RunEvent.MitigationRecorded;
import dev.pdm.core.run.RunEvent.RetryRequested;
import dev.pdm.core.run.RunEvent.TriageCompleted;
import dev.pdm.core.run.RunEvent.TriggerFailed;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MigrationFailureTest {

  private final RunDriver driver = RunDriver.started();

  private void stagingMigrationFails() {
    driver.passChecks("migrate-gstg");
    driver.triggered("migrate-gstg", 501);
    driver.job("migrate-gstg", 501, 5010, CiStatus.RUNNING);
    driver.job("migrate-gstg", 501, 5010, CiStatus.FAILED);
    driver.pipeline("migrate-gstg", 501, CiStatus.FAILED);
  }

  @Test
  void stopsTriagesAndNotifiesWhenTheStagingMigrationJobFails() {
    stagingMigrationFails();

    assertThat(driver.run.status()).isEqualTo(RunStatus.WAITING_FOR_DECISION);
    Stage staging = driver.stage("migrate-gstg");
    assertThat(staging.status()).isEqualTo(StageStatus.FAILED);
    assertThat(staging.currentAttempt().orElseThrow().failure().orElseThrow().kind()).isEqualTo(StageFailure.Kind.MIGRATION_JOB_FAILED);
    assertThat(driver.lastOf(Triage.class)).containsExactly(new Triage("migrate-gstg", 1, 501, 5010));
    assertThat(driver.lastOf(Notify.class)).extracting(Notify::kind, Notify::link)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(NotificationKind.STAGE_FAILED, Optional.of("https://ops.example/jobs/5010")));
  }

  @Test
  void neverStartsALaterStageAfterAFailedMigrationWhateverGitLabReportsNext() {
    stagingMigrationFails();

    driver.job("migrate-gstg", 501, 5011, CiStatus.SUCCESS);
    driver.pipeline("migrate-gstg", 501, CiStatus.SUCCESS);

    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.FAILED);
    assertThat(driver.stage("qa-gstg").status()).isEqualTo(StageStatus.PENDING);
    assertThat(driver.stage("migrate-gprd").status()).isEqualTo(StageStatus.PENDING);
    assertThat(driver.emitted(TriggerPipeline.class)).hasSize(1);
  }

  @Test
  void refusesToRetryAFailedMigrationWithoutAReason() {
    stagingMigrationFails();

    Rejected rejected = driver.reject(new RetryRequested("migrate-gstg", "release-manager", "  ", driver.now()));

    assertThat(rejected.cause()).isEqualTo(Rejected.Cause.INVALID_REQUEST);
    assertThat(rejected.reason()).contains("reason is blank").contains("migrate-gstg");
  }

  @Test
  void retriesAFailedMigrationWithAReasonThroughFreshChecksAndExactlyOneNewTrigger() {
    stagingMigrationFails();
    driver.reject(new RetryRequested("migrate-gstg", "release-manager", "", driver.now()));

    driver.accept(new RetryRequested("migrate-gstg", "release-manager", "table was dropped by hand; safe to rerun", driver.now()));
    assertThat(driver.lastOf(RunChecks.class)).containsExactly(new RunChecks("migrate-gstg", "gstg", 2));
    assertThat(driver.lastOf(TriggerPipeline.class)).isEmpty();

    driver.passChecks("migrate-gstg");
    assertThat(driver.triggers("migrate-gstg")).extracting(TriggerPipeline::attempt).containsExactly(1, 2);
    assertThat(driver.lastOf(TriggerPipeline.class).get(0).variables()).containsEntry("PDM_ATTEMPT", "2");

    driver.triggered("migrate-gstg", 502);
    driver.job("migrate-gstg", 502, 5020, CiStatus.SUCCESS);
    driver.pipeline("migrate-gstg", 502, CiStatus.SUCCESS);
    driver.recordAll("migrate-gstg", true);

    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.SUCCEEDED);
    assertThat(driver.stage("migrate-gstg").attempts()).hasSize(2);
    assertThat(driver.run.decisions()).extracting(OperatorDecision::kind, OperatorDecision::reason).containsExactly(
        org.assertj.core.groups.Tuple.tuple(OperatorDecision.Kind.RETRY, "table was dropped by hand; safe to rerun"));
    assertThat(driver.triggers("migrate-gstg")).hasSize(2);
  }

  @Test
  void acceptsOnlyOneRetryForOneFailure() {
    stagingMigrationFails();
    driver.accept(new RetryRequested("migrate-gstg", "rm", "safe", driver.now()));

    Rejected second = driver.reject(new RetryRequested("migrate-gstg", "rm", "safe", driver.now()));

    assertThat(second.cause()).isEqualTo(Rejected.Cause.CONFLICT);
  }

  @Test
  void refusesToRetryAStageThatHasNotFailed() {
    driver.passChecks("migrate-gstg");

    Rejected rejected = driver.reject(new RetryRequested("migrate-gstg", "rm", "why not", driver.now()));

    assertThat(rejected.reason()).contains("TRIGGERING").contains("only a FAILED stage");
  }

  @Test
  void refusesARetryForAStageTheRunDoesNotHave() {
    stagingMigrationFails();

    Rejected rejected = driver.reject(new RetryRequested("migrate-gcanary", "rm", "safe", driver.now()));

    assertThat(rejected.reason()).contains("'migrate-gcanary'").contains("migrate-gstg, qa-gstg, migrate-gprd");
  }

  @Test
  void ignoresEventsOfTheFailedAttemptOnceARetryStarted() {
    stagingMigrationFails();
    driver.accept(new RetryRequested("migrate-gstg", "rm", "safe", driver.now()));
    driver.passChecks("migrate-gstg");
    driver.triggered("migrate-gstg", 502);
    Run before = driver.run;

    driver.pipeline("migrate-gstg", 501, CiStatus.SUCCESS);
    driver.job("migrate-gstg", 501, 5010, CiStatus.SUCCESS);
    driver.accept(new TriggerFailed("migrate-gstg", 1, "late", driver.now()));

    assertThat(driver.run).isEqualTo(before);
    assertThat(driver.emitted(TriggerPipeline.class)).hasSize(2);
  }

  @Test
  void resolvesAFailedMigrationMarkedCompleteAndRecordsItBeforeGoingOn() {
    stagingMigrationFails();

    driver.accept(new MitigationRecorded("migrate-gstg", "dba", MitigationKind.MARK_COMPLETE, "finished the backfill by hand",
        Optional.of("https://gitlab.example/mr/9"), driver.now()));

    Stage staging = driver.stage("migrate-gstg");
    assertThat(staging.status()).isEqualTo(StageStatus.RECORDING);
    assertThat(staging.resolution().orElseThrow().kind()).isEqualTo(OperatorDecision.Kind.MITIGATION_MARK_COMPLETE);
    assertThat(driver.recordCommands("migrate-gstg")).hasSize(4);

    driver.recordAll("migrate-gstg", true);
    assertThat(driver.stage("qa-gstg").status()).isEqualTo(StageStatus.TRIGGERING);
  }

  @Test
  void keepsAStageFailedWhenTheMitigationDoesNotResolveIt() {
    stagingMigrationFails();

    driver.accept(new MitigationRecorded("migrate-gstg", "dba", MitigationKind.OTHER, "opened an incident", Optional.empty(),
        driver.now()));

    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.FAILED);
    assertThat(driver.run.status()).isEqualTo(RunStatus.WAITING_FOR_DECISION);
    assertThat(driver.run.decisions()).extracting(OperatorDecision::kind).containsExactly(OperatorDecision.Kind.MITIGATION_OTHER);
    assertThat(driver.lastOf(Notify.class)).extracting(Notify::kind).containsExactly(NotificationKind.MITIGATION_RECORDED);
  }

  @Test
  void refusesAMitigationWithoutAReason() {
    stagingMigrationFails();

    driver.reject(new MitigationRecorded("migrate-gstg", "dba", MitigationKind.NOOP, "", Optional.empty(), driver.now()));
  }

  @Test
  void keepsTheTriageFindingOnTheFailedAttempt() {
    stagingMigrationFails();

    driver.accept(new TriageCompleted("migrate-gstg", 1, "CreateSecurityPolicyRequirementsTable: PG::DuplicateTable",
        Optional.of("https://gitlab.example/incidents/77"), driver.now()));

    TriageState triage = driver.stage("migrate-gstg").currentAttempt().orElseThrow().triage().orElseThrow();
    assertThat(triage.completed()).isTrue();
    assertThat(triage.incidentUrl()).contains("https://gitlab.example/incidents/77");
    assertThat(driver.lastOf(Notify.class)).extracting(Notify::kind).containsExactly(NotificationKind.TRIAGE_COMPLETED);
  }

  @Test
  void waitsForADecisionWhenThePipelineFailedAfterTheMigrationJobSucceeded() {
    driver.passChecks("migrate-gstg");
    driver.triggered("migrate-gstg", 501);
    driver.job("migrate-gstg", 501, 5010, CiStatus.SUCCESS);

    driver.pipeline("migrate-gstg", 501, CiStatus.FAILED);

    assertThat(driver.stage("migrate-gstg").currentAttempt().orElseThrow().failure().orElseThrow().kind())
        .isEqualTo(StageFailure.Kind.PIPELINE_FAILED_AFTER_MIGRATION);
    assertThat(driver.run.status()).isEqualTo(RunStatus.WAITING_FOR_DECISION);
    assertThat(driver.emitted(Triage.class)).isEmpty();
  }

  @Test
  void triagesTheJobWhenItsFailureArrivesAfterThePipelineFailure() {
    driver.passChecks("migrate-gstg");
    driver.triggered("migrate-gstg", 501);
    driver.pipeline("migrate-gstg", 501, CiStatus.FAILED);
    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.FAILED);

    driver.job("migrate-gstg", 501, 5010, CiStatus.FAILED);
    driver.job("migrate-gstg", 501, 5010, CiStatus.FAILED);

    assertThat(driver.emitted(Triage.class)).containsExactly(new Triage("migrate-gstg", 1, 501, 5010));
  }

  @Test
  void failsWithoutTriageWhenTheMigrationJobIsCanceled() {
    driver.passChecks("migrate-gstg");
    driver.triggered("migrate-gstg", 501);

    driver.job("migrate-gstg", 501, 5010, CiStatus.CANCELED);
    driver.pipeline("migrate-gstg", 501, CiStatus.CANCELED);

    assertThat(driver.stage("migrate-gstg").currentAttempt().orElseThrow().failure().orElseThrow().kind())
        .isEqualTo(StageFailure.Kind.MIGRATION_JOB_NOT_RUN);
    assertThat(driver.emitted(Triage.class)).isEmpty();
  }

  @Test
  void waitsForADecisionWhenTheTriggerFails() {
    driver.passChecks("migrate-gstg");
    driver.sent("migrate-gstg");

    driver.accept(new TriggerFailed("migrate-gstg", 1, "403 Forbidden: trigger token revoked", driver.now()));

    assertThat(driver.run.status()).isEqualTo(RunStatus.WAITING_FOR_DECISION);
    assertThat(driver.stage("migrate-gstg").currentAttempt().orElseThrow().failure().orElseThrow().detail())
        .isEqualTo("403 Forbidden: trigger token revoked");
    assertThat(driver.emitted(TriggerPipeline.class)).hasSize(1);
  }

  @Test
  void waitsForThePipelineToFinishWhenGitLabRetriesAFailedMigrationJob() {
    driver.passChecks("migrate-gstg");
    driver.triggered("migrate-gstg", 501);
    driver.pipeline("migrate-gstg", 501, CiStatus.RUNNING);
    driver.job("migrate-gstg", 501, 5010, CiStatus.FAILED);

    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.RUNNING);
    Rejected early = driver.reject(new RetryRequested("migrate-gstg", "rm", "looks safe", driver.now()));
    assertThat(early.cause()).isEqualTo(Rejected.Cause.CONFLICT);
    assertThat(early.reason()).contains("pipeline 501").contains("still RUNNING");

    driver.job("migrate-gstg", 501, 5011, CiStatus.RUNNING);
    driver.job("migrate-gstg", 501, 5010, CiStatus.FAILED);
    driver.job("migrate-gstg", 501, 5011, CiStatus.SUCCESS);
    driver.pipeline("migrate-gstg", 501, CiStatus.SUCCESS);

    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.RECORDING);
    assertThat(driver.stage("migrate-gstg").currentAttempt().orElseThrow().job().orElseThrow().id()).isEqualTo(5011);
    assertThat(driver.emitted(Triage.class)).isEmpty();
  }

  @Test
  void triagesTheLastMigrationJobOnceThePipelineHasFailed() {
    driver.passChecks("migrate-gstg");
    driver.triggered("migrate-gstg", 501);
    driver.job("migrate-gstg", 501, 5010, CiStatus.FAILED);
    driver.job("migrate-gstg", 501, 5011, CiStatus.FAILED);

    driver.pipeline("migrate-gstg", 501, CiStatus.FAILED);

    assertThat(driver.run.status()).isEqualTo(RunStatus.WAITING_FOR_DECISION);
    assertThat(driver.emitted(Triage.class)).containsExactly(new Triage("migrate-gstg", 1, 501, 5011));
  }

  @Test
  void failsWhenThePipelineEndsWithoutTheMigrationJob() {
    driver.passChecks("migrate-gstg");
    driver.triggered("migrate-gstg", 501);

    driver.pipeline("migrate-gstg", 501, CiStatus.SUCCESS);

    StageFailure failure = driver.stage("migrate-gstg").currentAttempt().orElseThrow().failure().orElseThrow();
    assertThat(failure.kind()).isEqualTo(StageFailure.Kind.MIGRATION_JOB_NOT_RUN);
    assertThat(failure.detail()).contains("without a gstg-postdeploy-migrations job");
    assertThat(driver.run.status()).isEqualTo(RunStatus.WAITING_FOR_DECISION);
  }

  @Test
  void failsWhenTheFollowedPipelineIsDeleted() {
    driver.passChecks("migrate-gstg");
    driver.triggered("migrate-gstg", 501);
    driver.pipeline("migrate-gstg", 501, CiStatus.RUNNING);

    driver.accept(new RunEvent.PipelineMissing("migrate-gstg", 501, driver.now()));

    assertThat(driver.stage("migrate-gstg").currentAttempt().orElseThrow().failure().orElseThrow().kind())
        .isEqualTo(StageFailure.Kind.PIPELINE_MISSING);
    assertThat(driver.run.status()).isEqualTo(RunStatus.WAITING_FOR_DECISION);
  }
}
