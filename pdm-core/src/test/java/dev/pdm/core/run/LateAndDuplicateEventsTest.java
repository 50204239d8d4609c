package dev.pdm.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.run.Command.FollowPipeline;
import dev.pdm.core.run.Command.Notify;
import dev.pdm.core.run.RunEvent.JobStatusChanged;
import dev.pdm.core.run.RunEvent.PipelineStatusChanged;
import dev.pdm.core.run.RunEvent.PipelineTriggered;
import dev.pdm.core.run.RunEvent.StageTimedOut;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LateAndDuplicateEventsTest {

  private final RunDriver driver = RunDriver.started();

  private void stagingRunning() {
    driver.passChecks("migrate-gstg");
    driver.triggered("migrate-gstg", 501);
  }

  @Test
  void ignoresARunningStatusThatArrivesAfterSuccess() {
    stagingRunning();
    driver.job("migrate-gstg", 501, 5010, CiStatus.SUCCESS);
    driver.pipeline("migrate-gstg", 501, CiStatus.SUCCESS);
    Run recording = driver.run;

    driver.pipeline("migrate-gstg", 501, CiStatus.RUNNING);
    driver.job("migrate-gstg", 501, 5010, CiStatus.RUNNING);

    assertThat(driver.run).isEqualTo(recording);
    assertThat(driver.last).isEmpty();
  }

  @Test
  void ignoresAPipelineSuccessDeliveredTwice() {
    stagingRunning();
    driver.job("migrate-gstg", 501, 5010, CiStatus.SUCCESS);
    driver.pipeline("migrate-gstg", 501, CiStatus.SUCCESS);
    int commands = driver.emitted.size();

    driver.pipeline("migrate-gstg", 501, CiStatus.SUCCESS);

    assertThat(driver.emitted).hasSize(commands);
  }

  @Test
  void ignoresAFailureReportedAfterTheJobSucceeded() {
    stagingRunning();
    driver.job("migrate-gstg", 501, 5010, CiStatus.SUCCESS);

    driver.job("migrate-gstg", 501, 5010, CiStatus.FAILED);

    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.RUNNING);
    assertThat(driver.stage("migrate-gstg").currentAttempt().orElseThrow().job().orElseThrow().status()).isEqualTo(CiStatus.SUCCESS);
  }

  @Test
  void ignoresStatusesOfAPipelineThatIsNotTheStagesCurrentOne() {
    stagingRunning();
    Run before = driver.run;

    driver.pipeline("migrate-gstg", 999, CiStatus.SUCCESS);
    driver.job("migrate-gstg", 999, 9990, CiStatus.SUCCESS);

    assertThat(driver.run).isEqualTo(before);
  }

  @Test
  void ignoresJobsOtherThanTheMigrationJob() {
    stagingRunning();
    Run before = driver.run;

    driver.accept(new JobStatusChanged("migrate-gstg", 501, 5011, "gstg-prepare", CiStatus.FAILED, "https://ops.example/jobs/5011",
        driver.now()));

    assertThat(driver.run).isEqualTo(before);
  }

  @Test
  void followsTheNewestMigrationJobOfThePipelineAndIgnoresOlderOnes() {
    stagingRunning();
    driver.job("migrate-gstg", 501, 5012, CiStatus.RUNNING);

    driver.job("migrate-gstg", 501, 5010, CiStatus.SUCCESS);

    assertThat(driver.stage("migrate-gstg").currentAttempt().orElseThrow().job().orElseThrow())
        .extracting(FollowedJob::id, FollowedJob::status).containsExactly(5012L, CiStatus.RUNNING);
  }

  @Test
  void ignoresAPipelineTriggeredReportedTwice() {
    stagingRunning();

    driver.accept(new PipelineTriggered("migrate-gstg", 1, 501, RunDriver.pipelineUrl(501), true, driver.now()));

    assertThat(driver.last).isEmpty();
    assertThat(driver.emitted(FollowPipeline.class)).hasSize(1);
  }

  @Test
  void remembersThatAPipelineWasFoundByItsMarkersAfterACrash() {
    driver.passChecks("migrate-gstg");

    driver.accept(new PipelineTriggered("migrate-gstg", 1, 501, RunDriver.pipelineUrl(501), true, driver.now()));

    assertThat(driver.stage("migrate-gstg").currentAttempt().orElseThrow().pipeline().orElseThrow().foundExisting()).isTrue();
  }

  @Test
  void ignoresPipelineStatusesBeforeThePipelineIsKnown() {
    driver.passChecks("migrate-gstg");
    Run before = driver.run;

    driver.pipeline("migrate-gstg", 501, CiStatus.SUCCESS);

    assertThat(driver.run).isEqualTo(before);
  }

  @Test
  void neverMovesUpdatedAtBackwardsForALateEvent() {
    stagingRunning();
    Instant latest = driver.run.updatedAt();

    driver.accept(new PipelineStatusChanged("migrate-gstg", 501, CiStatus.RUNNING, RunDriver.T0));

    assertThat(driver.run.updatedAt()).isEqualTo(latest);
  }

  @Test
  void notifiesOnceWhenAStageTakesTooLongAndKeepsFollowingIt() {
    stagingRunning();

    driver.accept(new StageTimedOut("migrate-gstg", 1, driver.now()));
    driver.accept(new StageTimedOut("migrate-gstg", 1, driver.now()));

    assertThat(driver.emitted(Notify.class)).filteredOn(n -> n.kind() == NotificationKind.STAGE_TIMED_OUT).hasSize(1);
    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.RUNNING);
    driver.job("migrate-gstg", 501, 5010, CiStatus.SUCCESS);
    driver.pipeline("migrate-gstg", 501, CiStatus.SUCCESS);
    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.RECORDING);
  }

  @Test
  void ignoresEveryGitLabEventForAFinishedRun() {
    stagingRunning();
    driver.job("migrate-gstg", 501, 5010, CiStatus.FAILED);
    driver.pipeline("migrate-gstg", 501, CiStatus.FAILED);
    driver.accept(new RunEvent.CancelRequested("rm", "", driver.now()));
    Run closed = driver.run;

    driver.pipeline("migrate-gstg", 501, CiStatus.SUCCESS);
    driver.accept(new PipelineTriggered("qa-gstg", 1, 601, RunDriver.pipelineUrl(601), false, driver.now()));
    driver.accept(new StageTimedOut("migrate-gstg", 1, driver.now()));

    assertThat(driver.run).isEqualTo(closed);
    assertThat(driver.last).isEmpty();
  }
}
