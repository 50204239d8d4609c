package dev.pdm.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.run.Command.Notify;
import dev.pdm.core.run.Command.RunChecks;
import dev.pdm.core.run.Command.TriggerPipeline;
import dev.pdm.core.run.Decision.Rejected;
import dev.pdm.core.run.RunEvent.ChecksCompleted;
import dev.pdm.core.run.RunEvent.ChecksOverridden;
import dev.pdm.core.run.RunEvent.RecheckRequested;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProductionChecksTest {

  private final RunDriver driver = RunDriver.started();

  @Test
  void blocksTheRunWithReasonsAndTriggersNothingWhenTheFirstChecksFail() {
    driver.failChecks("migrate-gstg");

    assertThat(driver.run.status()).isEqualTo(RunStatus.BLOCKED);
    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.BLOCKED);
    assertThat(driver.stage("migrate-gstg").checks()).extracting(CheckVerdict::name).containsExactly("change-request", "active-incident");
    assertThat(driver.last).containsExactly(new Notify(NotificationKind.RUN_BLOCKED, RunDriver.RUN_ID, Optional.of("migrate-gstg"),
        Optional.empty(), List.of("active-incident FAIL: incident #42 is open with severity::1"),
        Optional.of("https://gitlab.example/incidents/42")));
    assertThat(driver.emitted(TriggerPipeline.class)).isEmpty();
  }

  @Test
  void treatsAnErroredCheckAsBlocking() {
    driver.accept(new ChecksCompleted("migrate-gstg", 1, List.of(new CheckVerdict("deployment-running", CheckVerdict.Outcome.ERROR,
        List.of("GitLab answered 503"), List.of())), driver.now()));

    assertThat(driver.run.status()).isEqualTo(RunStatus.BLOCKED);
  }

  @Test
  void blocksWhenNoCheckReportedAVerdict() {
    driver.accept(new ChecksCompleted("migrate-gstg", 1, List.of(), driver.now()));

    assertThat(driver.run.status()).isEqualTo(RunStatus.BLOCKED);
    assertThat(driver.lastOf(Notify.class).get(0).details()).containsExactly("no check reported a verdict");
  }

  @Test
  void triggersOnceARecheckPasses() {
    driver.failChecks("migrate-gstg");

    driver.accept(new RecheckRequested("migrate-gstg", "rm", driver.now()));
    assertThat(driver.run.status()).isEqualTo(RunStatus.CHECKING);
    assertThat(driver.last).containsExactly(new RunChecks("migrate-gstg", "gstg", 2));

    driver.passChecks("migrate-gstg");
    assertThat(driver.triggers("migrate-gstg")).extracting(TriggerPipeline::attempt).containsExactly(1);
  }

  @Test
  void ignoresTheResultOfAnEarlierCheckRound() {
    driver.failChecks("migrate-gstg");
    driver.accept(new RecheckRequested("migrate-gstg", "rm", driver.now()));

    driver.accept(new ChecksCompleted("migrate-gstg", 1, List.of(RunDriver.pass("active-incident")), driver.now()));

    assertThat(driver.run.status()).isEqualTo(RunStatus.CHECKING);
    assertThat(driver.emitted(TriggerPipeline.class)).isEmpty();
  }

  @Test
  void refusesARecheckWhileChecksAreRunning() {
    Rejected rejected = driver.reject(new RecheckRequested("migrate-gstg", "rm", driver.now()));

    assertThat(rejected.cause()).isEqualTo(Rejected.Cause.CONFLICT);
  }

  @Test
  void triggersWhenAnOperatorOverridesFailingChecksWithAReason() {
    driver.failChecks("migrate-gstg");

    driver.accept(new ChecksOverridden("migrate-gstg", "rm", "incident #42 is unrelated to the database", Optional.empty(), driver.now()));

    assertThat(driver.stage("migrate-gstg").status()).isEqualTo(StageStatus.TRIGGERING);
    assertThat(driver.stage("migrate-gstg").checksOverride().orElseThrow().reason()).isEqualTo("incident #42 is unrelated to the database");
    assertThat(driver.lastOf(Notify.class)).extracting(Notify::kind)
        .containsExactly(NotificationKind.CHECKS_OVERRIDDEN, NotificationKind.STAGE_STARTED);
    assertThat(driver.triggers("migrate-gstg")).hasSize(1);
  }

  @Test
  void refusesAnOverrideWithoutAReason() {
    driver.failChecks("migrate-gstg");

    Rejected rejected = driver.reject(new ChecksOverridden("migrate-gstg", "rm", " ", Optional.empty(), driver.now()));

    assertThat(rejected.cause()).isEqualTo(Rejected.Cause.INVALID_REQUEST);
    assertThat(driver.emitted(TriggerPipeline.class)).isEmpty();
  }

  @Test
  void refusesAnOverrideFromAnAnonymousActor() {
    driver.failChecks("migrate-gstg");

    Rejected rejected = driver.reject(new ChecksOverridden("migrate-gstg", "", "fine", Optional.empty(), driver.now()));

    assertThat(rejected.reason()).startsWith("actor is blank");
  }

  @Test
  void blocksProductionWhenItsChecksFailAfterQa() {
    driver.migrationSucceeds("migrate-gstg", 501);
    driver.qaSucceeds("qa-gstg", 601);

    driver.failChecks("migrate-gprd");

    assertThat(driver.run.status()).isEqualTo(RunStatus.BLOCKED);
    assertThat(driver.triggers("migrate-gprd")).isEmpty();
  }
}
