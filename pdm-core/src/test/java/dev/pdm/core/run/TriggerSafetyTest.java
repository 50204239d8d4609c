package dev.pdm.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.run.Command.FollowPipeline;
import dev.pdm.core.run.Command.Notify;
import dev.pdm.core.run.Command.RunChecks;
import dev.pdm.core.run.Command.TriggerPipeline;
import dev.pdm.core.run.Decision.Rejected;
import dev.pdm.core.run.RunEvent.CancelRequested;
import dev.pdm.core.run.RunEvent.ChecksExpired;
import dev.pdm.core.run.RunEvent.PipelineAdopted;
import dev.pdm.core.run.RunEvent.PipelineTriggered;
import dev.pdm.core.run.RunEvent.StageAbandoned;
import dev.pdm.core.run.RunEvent.TriggerAgainRequested;
import dev.pdm.core.run.RunEvent.TriggerRefused;
import dev.pdm.core.run.RunEvent.TriggerSent;
import dev.pdm.core.run.RunEvent.TriggerUncertain;
import org.junit.jupiter.api.Test;

/** A pipeline creation is sent at most once while its outcome is unknown, and doubt goes to a person. */
class TriggerSafetyTest {

  private final RunDriver driver = RunDriver.started();

  private TriggerState trigger() {
    return driver.stage("migrate-gstg").currentAttempt().orElseThrow().trigger();
  }

  private void sentWithoutAnswer() {
    driver.passChecks("migrate-gstg");
    driver.sent("migrate-gstg");
  }

  @Test
  void recordsTheSendAndRefusesAnotherWhileItsOutcomeIsUnknown() {
    sentWithoutAnswer();
    Run before = driver.run;

    driver.accept(new TriggerSent("migrate-gstg", 1, 2, "deployer", "master", driver.now()));
    driver.accept(new TriggerSent("migrate-gstg", 1, 1, "deployer", "master", driver.now()));

    assertThat(driver.run).isEqualTo(before);
    assertThat(trigger().sends()).isEqualTo(1);
    assertThat(trigger().awaitingAnswer()).isTrue();
    assertThat(trigger().lastSend().orElseThrow().project()).isEqualTo("gitlab-com/gl-infra/deployer");
  }

  @Test
  void sendsAgainOnlyAfterGitLabRefusedWithoutActing() {
    sentWithoutAnswer();

    driver.accept(new TriggerRefused("migrate-gstg", 1, 1, "503 Service Unavailable", driver.now()));
    assertThat(trigger().maySend()).isTrue();
    assertThat(trigger().lastRefusal()).contains("503 Service Unavailable");
    driver.sent("migrate-gstg");

    assertThat(trigger().sends()).isEqualTo(2);
    assertThat(driver.emitted(TriggerPipeline.class)).hasSize(1);
  }

  @Test
  void ignoresARefusalOfAnEarlierSend() {
    sentWithoutAnswer();
    driver.accept(new TriggerRefused("migrate-gstg", 1, 1, "503", driver.now()));
    driver.sent("migrate-gstg");
    Run before = driver.run;

    driver.accept(new TriggerRefused("migrate-gstg", 1, 1, "late 503", driver.now()));

    assertThat(driver.run).isEqualTo(before);
  }

  @Test
  void asksAPersonWhenTheOutcomeStaysUnknown() {
    sentWithoutAnswer();

    driver.accept(new TriggerUncertain("migrate-gstg", 1, 1, "no answer and no pipeline with PDM_TRIGGER=x after 10 min",
        driver.now()));

    assertThat(driver.run.status()).isEqualTo(RunStatus.WAITING_FOR_DECISION);
    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.TRIGGER_UNCERTAIN);
    assertThat(driver.lastOf(Notify.class)).extracting(Notify::kind).containsExactly(NotificationKind.TRIGGER_UNCERTAIN);
    assertThat(driver.lastOf(TriggerPipeline.class)).isEmpty();
  }

  @Test
  void followsThePipelineAPersonAdopts() {
    sentWithoutAnswer();
    driver.accept(new TriggerUncertain("migrate-gstg", 1, 1, "no answer", driver.now()));
    driver.reject(new PipelineAdopted("migrate-gstg", "rm", 501, RunDriver.pipelineUrl(501), " ", driver.now()));

    driver.accept(new PipelineAdopted("migrate-gstg", "rm", 501, RunDriver.pipelineUrl(501), "it carries our marker", driver.now()));

    assertThat(driver.run.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.RUNNING);
    assertThat(driver.lastOf(FollowPipeline.class)).extracting(FollowPipeline::pipelineId).containsExactly(501L);
    assertThat(driver.run.decisions()).extracting(OperatorDecision::kind).containsExactly(OperatorDecision.Kind.PIPELINE_ADOPTED);
  }

  @Test
  void followsTheAttemptsOwnPipelineWhenItShowsUpWhileAPersonDecides() {
    sentWithoutAnswer();
    driver.accept(new TriggerUncertain("migrate-gstg", 1, 1, "no answer", driver.now()));

    driver.accept(new PipelineTriggered("migrate-gstg", 1, 501, RunDriver.pipelineUrl(501), true, driver.now()));

    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.RUNNING);
    assertThat(driver.run.status()).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void triggersANewAttemptAfterFreshChecksWhenAPersonSaysNothingWasCreated() {
    sentWithoutAnswer();
    driver.accept(new TriggerUncertain("migrate-gstg", 1, 1, "no answer", driver.now()));

    driver.accept(new TriggerAgainRequested("migrate-gstg", "rm", "no pipeline in GitLab's list since 10:00", driver.now()));
    assertThat(driver.lastOf(RunChecks.class)).containsExactly(new RunChecks("migrate-gstg", "gstg", 2));
    driver.passChecks("migrate-gstg");

    assertThat(driver.triggers("migrate-gstg")).extracting(TriggerPipeline::attempt).containsExactly(1, 2);
    assertThat(driver.stage("migrate-gstg").attempts().get(0).trigger().uncertain()).isPresent();
  }

  @Test
  void neverTriggersAgainForARunBeingCanceled() {
    sentWithoutAnswer();
    driver.accept(new CancelRequested("rm", "postponed", driver.now()));
    driver.accept(new TriggerUncertain("migrate-gstg", 1, 1, "no answer", driver.now()));

    Rejected rejected = driver.reject(new TriggerAgainRequested("migrate-gstg", "rm", "nothing there", driver.now()));

    assertThat(rejected.reason()).contains("CANCELING").contains("adopt").contains("abandon");
  }

  @Test
  void cancelsAtOnceATriggerNotSentYet() {
    driver.passChecks("migrate-gstg");

    driver.accept(new CancelRequested("rm", "postponed", driver.now()));
    driver.accept(new TriggerSent("migrate-gstg", 1, 1, "deployer", "master", driver.now()));

    assertThat(driver.run.status()).isEqualTo(RunStatus.CANCELED);
    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.CANCELED);
    assertThat(trigger().sends()).isZero();
    assertThat(trigger().withdrawn()).contains("run canceled before the trigger was sent");
  }

  @Test
  void waitsForTheAnswerOfASentTriggerBeforeEndingACanceledRun() {
    sentWithoutAnswer();
    driver.accept(new CancelRequested("rm", "postponed", driver.now()));
    assertThat(driver.run.status()).isEqualTo(RunStatus.CANCELING);

    driver.accept(new TriggerRefused("migrate-gstg", 1, 1, "503", driver.now()));

    assertThat(driver.run.status()).isEqualTo(RunStatus.CANCELED);
  }

  @Test
  void checksAgainInsteadOfSendingOnStaleChecks() {
    driver.passChecks("migrate-gstg");

    driver.accept(new ChecksExpired("migrate-gstg", 1, RunDriver.T0, driver.now()));

    assertThat(driver.run.status()).isEqualTo(RunStatus.CHECKING);
    assertThat(driver.lastOf(RunChecks.class)).containsExactly(new RunChecks("migrate-gstg", "gstg", 2));
    assertThat(driver.stage("migrate-gstg").attempts().get(0).trigger().withdrawn()).isPresent();
    driver.passChecks("migrate-gstg");
    assertThat(driver.triggers("migrate-gstg")).extracting(TriggerPipeline::attempt).containsExactly(1, 2);
  }

  @Test
  void neverExpiresChecksOnceTheTriggerIsSent() {
    sentWithoutAnswer();
    Run before = driver.run;

    driver.accept(new ChecksExpired("migrate-gstg", 1, RunDriver.T0, driver.now()));

    assertThat(driver.run).isEqualTo(before);
  }

  @Test
  void abandonsAStuckStageWithAReasonAndCancelsNothing() {
    sentWithoutAnswer();
    driver.accept(new TriggerUncertain("migrate-gstg", 1, 1, "no answer", driver.now()));
    driver.reject(new StageAbandoned("migrate-gstg", "rm", "", driver.now()));

    driver.accept(new StageAbandoned("migrate-gstg", "rm", "GitLab lost the pipeline; starting over tomorrow", driver.now()));

    assertThat(driver.run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(driver.run.stages()).extracting(Stage::status)
        .containsExactly(StageStatus.ABANDONED, StageStatus.SKIPPED, StageStatus.SKIPPED);
    assertThat(driver.lastOf(Notify.class)).extracting(Notify::kind)
        .containsExactly(NotificationKind.STAGE_ABANDONED, NotificationKind.RUN_FAILED);
    assertThat(driver.lastOf(TriggerPipeline.class)).isEmpty();
  }

  @Test
  void abandonsARunningStage() {
    driver.passChecks("migrate-gstg");
    driver.triggered("migrate-gstg", 501);

    driver.accept(new StageAbandoned("migrate-gstg", "rm", "pipeline stuck on a runner for hours", driver.now()));

    assertThat(driver.run.status()).isEqualTo(RunStatus.FAILED);
    driver.pipeline("migrate-gstg", 501, CiStatus.SUCCESS);
    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.ABANDONED);
  }
}
