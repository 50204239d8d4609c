package dev.pdm.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.run.Command.RunChecks;
import dev.pdm.core.run.Decision.Rejected;
import dev.pdm.core.run.Command.Triage;
import dev.pdm.core.run.Command.TriggerPipeline;
import dev.pdm.core.run.RunEvent.MitigationRecorded;
import dev.pdm.core.run.RunEvent.RetryRequested;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QaFailureTest {

  private final RunDriver driver = RunDriver.started();

  private void qaFails() {
    driver.migrationSucceeds("migrate-gstg", 501);
    driver.triggered("qa-gstg", 601);
    driver.job("qa-gstg", 601, 6010, CiStatus.FAILED);
    driver.pipeline("qa-gstg", 601, CiStatus.FAILED);
  }

  @Test
  void stopsBeforeProductionWhenQaFails() {
    qaFails();

    assertThat(driver.run.status()).isEqualTo(RunStatus.WAITING_FOR_DECISION);
    assertThat(driver.stage("qa-gstg").status()).isEqualTo(StageStatus.FAILED);
    assertThat(driver.stage("migrate-gprd").status()).isEqualTo(StageStatus.PENDING);
    assertThat(driver.emitted(RunChecks.class)).extracting(RunChecks::stageId).doesNotContain("migrate-gprd");
    assertThat(driver.emitted(Triage.class)).isEmpty();
  }

  @Test
  void refusesToRetryQaWithoutAReason() {
    qaFails();

    driver.reject(new RetryRequested("qa-gstg", "rm", "", driver.now()));
  }

  @Test
  void retriesQaWithAReasonByTriggeringItAgainDirectly() {
    qaFails();

    driver.accept(new RetryRequested("qa-gstg", "rm", "flaky spec, known issue #123", driver.now()));

    assertThat(driver.lastOf(TriggerPipeline.class)).extracting(TriggerPipeline::stageId, TriggerPipeline::attempt)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("qa-gstg", 2));
    driver.qaSucceeds("qa-gstg", 602);
    assertThat(driver.stage("migrate-gprd").status()).isEqualTo(StageStatus.CHECKING);
  }

  @Test
  void refusesMigrationMitigationsOnAFailedQaStage() {
    qaFails();

    for (MitigationKind kind : List.of(MitigationKind.NOOP, MitigationKind.MARK_COMPLETE)) {
      Rejected rejected = driver.reject(new MitigationRecorded("qa-gstg", "rm", kind, "QA passed on a manual rerun",
          Optional.empty(), driver.now()));
      assertThat(rejected.reason()).contains("QA stage").contains("override the QA failure");
    }
    assertThat(driver.stage("migrate-gprd").status()).isEqualTo(StageStatus.PENDING);
  }

  @Test
  void goesOnToProductionChecksOnlyWhenAPersonOverridesTheQaFailure() {
    qaFails();
    driver.reject(new RunEvent.QaFailureOverridden("qa-gstg", "qa-lead", " ", Optional.empty(), driver.now()));

    driver.accept(new RunEvent.QaFailureOverridden("qa-gstg", "qa-lead", "QA passed on a manual rerun",
        Optional.of("https://ops.example/pipelines/603"), driver.now()));

    assertThat(driver.stage("qa-gstg").status()).isEqualTo(StageStatus.SUCCEEDED);
    assertThat(driver.stage("qa-gstg").resolution().orElseThrow().kind()).isEqualTo(OperatorDecision.Kind.QA_FAILURE_OVERRIDDEN);
    assertThat(driver.run.status()).isEqualTo(RunStatus.CHECKING);
    assertThat(driver.lastOf(RunChecks.class)).containsExactly(new RunChecks("migrate-gprd", "gprd", 1));
  }
}
