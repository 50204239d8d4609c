package dev.pdm.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.run.Command.CommentOnReleaseIssue;
import dev.pdm.core.run.Command.FollowPipeline;
import dev.pdm.core.run.Command.LabelMergeRequests;
import dev.pdm.core.run.Command.Notify;
import dev.pdm.core.run.Command.RecordDeployment;
import dev.pdm.core.run.Command.RunChecks;
import dev.pdm.core.run.Command.TriggerPipeline;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HappyPathTest {

  @Test
  void startsARunByCheckingProductionBeforeTheStagingMigration() {
    RunDriver driver = RunDriver.started();

    assertThat(driver.run.status()).isEqualTo(RunStatus.CHECKING);
    assertThat(driver.run.stages()).extracting(Stage::id).containsExactly("migrate-gstg", "qa-gstg", "migrate-gprd");
    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.CHECKING);
    assertThat(driver.last).containsExactly(
        new Notify(NotificationKind.RUN_STARTED, RunDriver.RUN_ID, Optional.empty(), Optional.empty(), List.of(), Optional.empty()),
        new RunChecks("migrate-gstg", "gstg", 1));
    assertThat(driver.emitted(TriggerPipeline.class)).isEmpty();
  }

  @Test
  void triggersTheStagingMigrationWithMarkerVariablesOnceChecksPass() {
    RunDriver driver = RunDriver.started();

    driver.passChecks("migrate-gstg");

    assertThat(driver.run.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.TRIGGERING);
    assertThat(driver.lastOf(TriggerPipeline.class)).containsExactly(new TriggerPipeline("migrate-gstg", StageKind.MIGRATE, "gstg", 1,
        Map.of("PDM_RUN_ID", RunDriver.RUN_ID, "PDM_STAGE", "migrate-gstg", "PDM_ATTEMPT", "1")));
  }

  @Test
  void holdsARunningDeploymentOnTheDbEnvironmentAndFollowsTheTriggeredPipelineAndItsMigrationJob() {
    RunDriver driver = RunDriver.started();
    driver.passChecks("migrate-gstg");

    driver.triggered("migrate-gstg", 501);

    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.RUNNING);
    DeployedPackage migrated = driver.run.packageSnapshot().find("gstg", DeploymentProject.CANONICAL).orElseThrow();
    assertThat(driver.last).containsExactly(
        new Command.OpenDeploymentLock("migrate-gstg", 1, "gstg", migrated.ref(), migrated.sha()),
        new FollowPipeline("migrate-gstg", 1, 501, Optional.of("gstg-postdeploy-migrations")));
  }

  @Test
  void releasesTheRunningDeploymentAsFailedWhenTheMigrationFails() {
    RunDriver driver = RunDriver.stagingRunning();
    driver.job("migrate-gstg", 501, 5010, CiStatus.FAILED);

    driver.pipeline("migrate-gstg", 501, CiStatus.FAILED);

    DeployedPackage migrated = driver.run.packageSnapshot().find("gstg", DeploymentProject.CANONICAL).orElseThrow();
    assertThat(driver.last).contains(new Command.CloseDeploymentLock("migrate-gstg", 1, "gstg", migrated.sha(),
        Command.CloseDeploymentLock.Outcome.FAILED));
  }

  @Test
  void announcesAMigrationRunningPastItsBudgetOnceWithItsStagingDurationAndStopsNothing() {
    RunDriver driver = RunDriver.stagingRunning();
    RunEvent.MigrationRunningLong slow = new RunEvent.MigrationRunningLong("migrate-gstg", 1, "20241108120000",
        "QueueBackfillIssueLinksNamespaceId", 912, 92.2, Optional.of(18.44), driver.now());

    driver.accept(slow);
    List<Command> first = driver.last;
    driver.accept(slow);

    assertThat(first).singleElement().satisfies(c -> assertThat(((Command.Notify) c).details())
        .contains("20241108120000 QueueBackfillIssueLinksNamespaceId has been running for 15 min 12 s",
            "it took 18 s on staging; budget 1 min 32 s"));
    assertThat(driver.last).as("announced once").isEmpty();
    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.RUNNING);
    assertThat(driver.stage("migrate-gstg").currentAttempt().orElseThrow().runningLong()).hasSize(1);
  }

  @Test
  void recordsTheStagingMigrationInBothProjectsLabelsAndReleaseIssueOnceJobAndPipelineSucceeded() {
    RunDriver driver = RunDriver.stagingRunning();
    driver.job("migrate-gstg", 501, 5010, CiStatus.SUCCESS);

    driver.pipeline("migrate-gstg", 501, CiStatus.SUCCESS);

    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.RECORDING);
    assertThat(driver.recordCommands("migrate-gstg")).containsExactly(
        new RecordDeployment("migrate-gstg", RecordStep.Kind.DEPLOYMENT_CANONICAL, 1, "gstg", DeploymentProject.CANONICAL,
            "16.2.202307011200-aaa", "aaa111"),
        new RecordDeployment("migrate-gstg", RecordStep.Kind.DEPLOYMENT_SECURITY, 1, "gstg", DeploymentProject.SECURITY,
            "16.2.202307011200-aaa", "aaa222"),
        new LabelMergeRequests("migrate-gstg", RecordStep.Kind.LABEL_MRS, 1, "gstg", "aaa111"),
        new CommentOnReleaseIssue("migrate-gstg", RecordStep.Kind.RELEASE_ISSUE_COMMENT, 1, "gstg", "aaa111"));
    assertThat(driver.emitted(RecordDeployment.class).get(0).deploymentEnvironment()).isEqualTo("db/gstg");
    assertThat(driver.triggers("qa-gstg")).isEmpty();
  }

  @Test
  void startsQaWithoutChecksOnceStagingIsRecorded() {
    RunDriver driver = RunDriver.started();

    driver.migrationSucceeds("migrate-gstg", 501);

    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.SUCCEEDED);
    assertThat(driver.stage("qa-gstg").status()).isEqualTo(StageStatus.TRIGGERING);
    assertThat(driver.lastOf(TriggerPipeline.class)).extracting(TriggerPipeline::stageId, TriggerPipeline::kind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("qa-gstg", StageKind.QA));
  }

  @Test
  void checksProductionAgainAfterQaAndSucceedsOnceProductionIsRecorded() {
    RunDriver driver = RunDriver.started();
    driver.migrationSucceeds("migrate-gstg", 501);
    driver.qaSucceeds("qa-gstg", 601);

    assertThat(driver.run.status()).isEqualTo(RunStatus.CHECKING);
    assertThat(driver.lastOf(RunChecks.class)).containsExactly(new RunChecks("migrate-gprd", "gprd", 1));

    driver.migrationSucceeds("migrate-gprd", 701);

    assertThat(driver.run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(driver.run.stages()).extracting(Stage::status).containsOnly(StageStatus.SUCCEEDED);
    assertThat(driver.emitted(TriggerPipeline.class)).extracting(TriggerPipeline::stageId)
        .containsExactly("migrate-gstg", "qa-gstg", "migrate-gprd");
    assertThat(driver.emitted(Notify.class)).extracting(Notify::kind).containsExactly(
        NotificationKind.RUN_STARTED,
        NotificationKind.STAGE_STARTED, NotificationKind.STAGE_SUCCEEDED,
        NotificationKind.STAGE_STARTED, NotificationKind.STAGE_SUCCEEDED,
        NotificationKind.STAGE_STARTED, NotificationKind.STAGE_SUCCEEDED,
        NotificationKind.RUN_SUCCEEDED);
    assertThat(driver.run.updatedAt()).isAfter(driver.run.createdAt());
  }

  @Test
  void waitsForTheMigrationJobsFinalStatusWhenThePipelineSuccessArrivesFirst() {
    RunDriver driver = RunDriver.stagingRunning();
    driver.job("migrate-gstg", 501, 5010, CiStatus.RUNNING);

    driver.pipeline("migrate-gstg", 501, CiStatus.SUCCESS);
    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.RUNNING);
    assertThat(driver.last).isEmpty();

    driver.job("migrate-gstg", 501, 5010, CiStatus.SUCCESS);
    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.RECORDING);
  }

  @Test
  void doesNotSucceedWhileOnlyTheMigrationJobSucceeded() {
    RunDriver driver = RunDriver.stagingRunning();

    driver.job("migrate-gstg", 501, 5010, CiStatus.SUCCESS);

    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.RUNNING);
    assertThat(driver.recordCommands("migrate-gstg")).isEmpty();
  }

  @Test
  void skipsTheSecurityDeploymentWhenTheSnapshotSawNoSecurityPackage() {
    RunDriver driver = new RunDriver();
    PackageSnapshot canonicalOnly = new PackageSnapshot(List.of(
        new DeployedPackage("gstg", DeploymentProject.CANONICAL, "pkg", "aaa111"),
        new DeployedPackage("gprd", DeploymentProject.CANONICAL, "pkg", "bbb111")));
    driver.run = ((Decision.Transition) driver.machine.start(
        new RunEvent.RunRequested(RunDriver.RUN_ID, RunPlan.standard("gstg", "gprd"), "rm", canonicalOnly, RunDriver.T0))).run();

    driver.passChecks("migrate-gstg");
    driver.triggered("migrate-gstg", 501);
    driver.job("migrate-gstg", 501, 5010, CiStatus.SUCCESS);
    driver.pipeline("migrate-gstg", 501, CiStatus.SUCCESS);

    assertThat(driver.stage("migrate-gstg").recordSteps()).extracting(RecordStep::kind).containsExactly(
        RecordStep.Kind.DEPLOYMENT_CANONICAL, RecordStep.Kind.LABEL_MRS, RecordStep.Kind.RELEASE_ISSUE_COMMENT);
  }
}
