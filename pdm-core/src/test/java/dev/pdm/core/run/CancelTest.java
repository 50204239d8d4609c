package dev.pdm.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.run.Command.Notify;
import dev.pdm.core.run.Command.RunChecks;
import dev.pdm.core.run.Command.TriggerPipeline;
import dev.pdm.core.run.Decision.Rejected;
import dev.pdm.core.run.RunEvent.CancelRequested;
import dev.pdm.core.run.RunEvent.ChecksCompleted;
import dev.pdm.core.run.RunEvent.RetryRequested;
import java.util.List;
import org.junit.jupiter.api.Test;

class CancelTest {

  private final RunDriver driver = RunDriver.started();

  private CancelRequested cancel() {
    return new CancelRequested("rm", "release postponed", driver.now());
  }

  @Test
  void cancelsAtOnceWhileChecking() {
    driver.accept(cancel());

    assertThat(driver.run.status()).isEqualTo(RunStatus.CANCELED);
    assertThat(driver.run.stages()).extracting(Stage::status)
        .containsExactly(StageStatus.CANCELED, StageStatus.SKIPPED, StageStatus.SKIPPED);
    assertThat(driver.last).extracting(c -> ((Notify) c).kind()).containsExactly(NotificationKind.RUN_CANCELED);
  }

  @Test
  void ignoresLateCheckResultsOfACanceledRun() {
    driver.accept(cancel());

    driver.accept(new ChecksCompleted("migrate-gstg", 1, List.of(RunDriver.pass("active-incident")), driver.now()));

    assertThat(driver.last).isEmpty();
    assertThat(driver.emitted(TriggerPipeline.class)).isEmpty();
  }

  @Test
  void cancelsAtOnceWhileBlocked() {
    driver.failChecks("migrate-gstg");

    driver.accept(cancel());

    assertThat(driver.run.status()).isEqualTo(RunStatus.CANCELED);
  }

  @Test
  void letsARunningMigrationFinishAndStopsBeforeTheNextStage() {
    driver.passChecks("migrate-gstg");
    driver.triggered("migrate-gstg", 501);

    driver.accept(cancel());
    assertThat(driver.run.status()).isEqualTo(RunStatus.CANCELING);
    assertThat(driver.last).extracting(c -> ((Notify) c).kind()).containsExactly(NotificationKind.RUN_CANCELING);

    driver.job("migrate-gstg", 501, 5010, CiStatus.SUCCESS);
    driver.pipeline("migrate-gstg", 501, CiStatus.SUCCESS);
    driver.recordAll("migrate-gstg", true);

    assertThat(driver.run.status()).isEqualTo(RunStatus.CANCELED);
    assertThat(driver.run.stages()).extracting(Stage::status)
        .containsExactly(StageStatus.SUCCEEDED, StageStatus.SKIPPED, StageStatus.SKIPPED);
    assertThat(driver.emitted(TriggerPipeline.class)).hasSize(1);
  }

  @Test
  void endsCanceledWithTheStageFailedWhenTheMigrationFailsWhileCanceling() {
    driver.passChecks("migrate-gstg");
    driver.triggered("migrate-gstg", 501);
    driver.accept(cancel());

    driver.job("migrate-gstg", 501, 5010, CiStatus.FAILED);
    driver.pipeline("migrate-gstg", 501, CiStatus.FAILED);

    assertThat(driver.run.status()).isEqualTo(RunStatus.CANCELED);
    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.FAILED);
    assertThat(driver.lastOf(Command.Triage.class)).hasSize(1);
  }

  @Test
  void refusesASecondCancelWhileCanceling() {
    driver.passChecks("migrate-gstg");
    driver.sent("migrate-gstg");
    driver.accept(cancel());

    Rejected rejected = driver.reject(cancel());

    assertThat(rejected.reason()).contains("already CANCELING");
  }

  @Test
  void closesARunWaitingForADecisionAsFailed() {
    driver.passChecks("migrate-gstg");
    driver.triggered("migrate-gstg", 501);
    driver.job("migrate-gstg", 501, 5010, CiStatus.FAILED);
    driver.pipeline("migrate-gstg", 501, CiStatus.FAILED);

    driver.accept(cancel());

    assertThat(driver.run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(driver.run.stages()).extracting(Stage::status)
        .containsExactly(StageStatus.FAILED, StageStatus.SKIPPED, StageStatus.SKIPPED);
    driver.reject(new RetryRequested("migrate-gstg", "rm", "changed my mind", driver.now()));
  }

  @Test
  void refusesToCancelAFinishedRun() {
    driver.accept(cancel());

    Rejected rejected = driver.reject(cancel());

    assertThat(rejected.cause()).isEqualTo(Rejected.Cause.CONFLICT);
    assertThat(rejected.reason()).contains("is CANCELED");
    assertThat(driver.emitted(RunChecks.class)).hasSize(1);
  }
}
