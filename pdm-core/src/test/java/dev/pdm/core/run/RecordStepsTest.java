package dev.pdm.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.run.Command.LabelMergeRequests;
import dev.pdm.core.run.Command.Notify;
import dev.pdm.core.run.Decision.Rejected;
import dev.pdm.core.run.RunEvent.RecordStepCompleted;
import dev.pdm.core.run.RunEvent.RecordStepRetryRequested;
import org.junit.jupiter.api.Test;

class RecordStepsTest {

  private final RunDriver driver = RunDriver.started();

  private void stagingMigrated() {
    driver.passChecks("migrate-gstg");
    driver.triggered("migrate-gstg", 501);
    driver.job("migrate-gstg", 501, 5010, CiStatus.SUCCESS);
    driver.pipeline("migrate-gstg", 501, CiStatus.SUCCESS);
  }

  private void complete(RecordStep.Kind step, int attempt, boolean ok) {
    driver.accept(new RecordStepCompleted("migrate-gstg", step, attempt, ok, ok ? "done" : "500 from GitLab", driver.now()));
  }

  @Test
  void goesOnWhenARecordStepFailsAndShowsTheFailure() {
    stagingMigrated();

    complete(RecordStep.Kind.DEPLOYMENT_CANONICAL, 1, true);
    complete(RecordStep.Kind.DEPLOYMENT_SECURITY, 1, true);
    complete(RecordStep.Kind.LABEL_MRS, 1, false);
    assertThat(driver.lastOf(Notify.class)).extracting(Notify::kind).containsExactly(NotificationKind.RECORD_STEP_FAILED);
    complete(RecordStep.Kind.RELEASE_ISSUE_COMMENT, 1, true);

    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.SUCCEEDED);
    assertThat(driver.stage("migrate-gstg").recordStep(RecordStep.Kind.LABEL_MRS).orElseThrow().status())
        .isEqualTo(RecordStep.Status.FAILED);
    assertThat(driver.stage("qa-gstg").status()).isEqualTo(StageStatus.TRIGGERING);
  }

  @Test
  void waitsForEveryRecordStepBeforeTheNextStage() {
    stagingMigrated();

    complete(RecordStep.Kind.DEPLOYMENT_CANONICAL, 1, true);
    complete(RecordStep.Kind.LABEL_MRS, 1, true);

    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.RECORDING);
    assertThat(driver.triggers("qa-gstg")).isEmpty();
  }

  @Test
  void redoesAFailedRecordStepOnRequestAndIgnoresTheStaleOutcome() {
    stagingMigrated();
    complete(RecordStep.Kind.LABEL_MRS, 1, false);

    driver.accept(new RecordStepRetryRequested("migrate-gstg", RecordStep.Kind.LABEL_MRS, "rm", driver.now()));
    assertThat(driver.last).containsExactly(new LabelMergeRequests("migrate-gstg", RecordStep.Kind.LABEL_MRS, 2, "gstg", "aaa111"));

    complete(RecordStep.Kind.LABEL_MRS, 1, false);
    assertThat(driver.stage("migrate-gstg").recordStep(RecordStep.Kind.LABEL_MRS).orElseThrow().status())
        .isEqualTo(RecordStep.Status.PENDING);
    complete(RecordStep.Kind.LABEL_MRS, 2, true);
    assertThat(driver.stage("migrate-gstg").recordStep(RecordStep.Kind.LABEL_MRS).orElseThrow().status())
        .isEqualTo(RecordStep.Status.SUCCEEDED);
  }

  @Test
  void refusesToRedoARecordStepThatDidNotFail() {
    stagingMigrated();

    Rejected rejected = driver.reject(new RecordStepRetryRequested("migrate-gstg", RecordStep.Kind.LABEL_MRS, "rm", driver.now()));

    assertThat(rejected.reason()).contains("is PENDING");
  }

  @Test
  void redoesAFailedProductionRecordStepAfterTheRunSucceeded() {
    driver.migrationSucceeds("migrate-gstg", 501);
    driver.qaSucceeds("qa-gstg", 601);
    driver.passChecks("migrate-gprd");
    driver.triggered("migrate-gprd", 701);
    driver.job("migrate-gprd", 701, 7010, CiStatus.SUCCESS);
    driver.pipeline("migrate-gprd", 701, CiStatus.SUCCESS);
    driver.accept(new RecordStepCompleted("migrate-gprd", RecordStep.Kind.RELEASE_ISSUE_COMMENT, 1, false, "404", driver.now()));
    driver.recordAll("migrate-gprd", true);
    assertThat(driver.run.status()).isEqualTo(RunStatus.SUCCEEDED);

    driver.accept(new RecordStepRetryRequested("migrate-gprd", RecordStep.Kind.RELEASE_ISSUE_COMMENT, "rm", driver.now()));
    driver.accept(new RecordStepCompleted("migrate-gprd", RecordStep.Kind.RELEASE_ISSUE_COMMENT, 2, true, "comment 88", driver.now()));

    assertThat(driver.run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(driver.stage("migrate-gprd").recordStep(RecordStep.Kind.RELEASE_ISSUE_COMMENT).orElseThrow().status())
        .isEqualTo(RecordStep.Status.SUCCEEDED);
    assertThat(driver.last).isEmpty();
  }
}
