package dev.pdm.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pdm.core.run.Command.RunChecks;
import dev.pdm.core.run.Command.TriggerPipeline;
import dev.pdm.core.run.Decision.Rejected;
import dev.pdm.core.run.Decision.Transition;
import dev.pdm.core.run.RunEvent.RunRequested;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunCreationTest {

  private final RunStateMachine machine = new RunStateMachine();

  @Test
  void refusesARunWhoseMigratedEnvironmentHasNoCanonicalPackage() {
    PackageSnapshot stagingOnly = new PackageSnapshot(List.of(new DeployedPackage("gstg", DeploymentProject.CANONICAL, "pkg", "aaa")));

    Decision decision = machine.start(new RunRequested("id-1", RunPlan.standard("gstg", "gprd"), "rm", stagingOnly, RunDriver.T0));

    assertThat(decision).isInstanceOf(Rejected.class);
    assertThat(((Rejected) decision).reason()).contains("packageSnapshot").contains("'gprd'");
  }

  @Test
  void refusesARunWithoutAnId() {
    Decision decision = machine.start(new RunRequested(" ", RunPlan.standard("gstg", "gprd"), "rm", RunDriver.snapshot(), RunDriver.T0));

    assertThat(((Rejected) decision).reason()).startsWith("runId is blank");
  }

  @Test
  void refusesARunWithoutAPlan() {
    Decision decision = machine.start(new RunRequested("id-3", null, "rm", RunDriver.snapshot(), RunDriver.T0));

    assertThat(((Rejected) decision).reason()).contains("plan=null");
  }

  @Test
  void triggersAPlanThatStartsWithQaWithoutChecks() {
    RunPlan qaFirst = new RunPlan("qa-only", List.of(StageSpec.qa("gstg", EnvironmentTier.STAGING)));

    Transition started = (Transition) machine.start(new RunRequested("id-2", qaFirst, "rm", new PackageSnapshot(List.of()), RunDriver.T0));

    assertThat(started.run().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(started.commands()).filteredOn(TriggerPipeline.class::isInstance).hasSize(1);
    assertThat(started.commands()).filteredOn(RunChecks.class::isInstance).isEmpty();
  }

  @Test
  void refusesAnExistingRunBeingRequestedAgain() {
    RunDriver driver = RunDriver.started();

    driver.reject(RunDriver.request(RunPlan.standard("gstg", "gprd")));
  }

  @Test
  void explainsAPlanWithARepeatedStageId() {
    assertThatThrownBy(() -> new RunPlan("p", List.of(StageSpec.migrate("gstg", EnvironmentTier.STAGING), StageSpec.migrate("gstg", EnvironmentTier.STAGING))))
        .hasMessage("plan 'p' has stage id 'migrate-gstg' twice; expected unique stage ids");
  }

  @Test
  void refusesAPlanThatMigratesProductionBeforeStagingAndQa() {
    StageSpec production = StageSpec.migrate("gprd", EnvironmentTier.PRODUCTION);
    StageSpec staging = StageSpec.migrate("gstg", EnvironmentTier.STAGING);
    StageSpec qa = StageSpec.qa("gstg", EnvironmentTier.STAGING);

    assertThatThrownBy(() -> new RunPlan("p", List.of(production))).hasMessageContaining("stage 0 'migrate-gprd': migrates production");
    assertThatThrownBy(() -> new RunPlan("p", List.of(staging, production))).hasMessageContaining("stage 1 'migrate-gprd'");
    assertThatThrownBy(() -> new RunPlan("p", List.of(qa, staging, production))).hasMessageContaining("stage 2 'migrate-gprd'");
    assertThat(new RunPlan("p", List.of(staging, qa, production)).stages()).hasSize(3);
  }

  @Test
  void explainsAPlanWithoutStages() {
    assertThatThrownBy(() -> new RunPlan("p", List.of())).hasMessage("plan 'p' has no stages; expected at least one stage");
  }

  @Test
  void explainsAStageWithABlankEnvironment() {
    assertThatThrownBy(() -> new StageSpec("migrate-x", StageKind.MIGRATE, " ", EnvironmentTier.STAGING))
        .hasMessage("stage environment is blank; expected a non-blank text such as 'gstg'");
  }

  @Test
  void readsGitLabStatusSpellings() {
    assertThat(CiStatus.fromGitLab("waiting_for_resource")).contains(CiStatus.WAITING_FOR_RESOURCE);
    assertThat(CiStatus.fromGitLab("success")).contains(CiStatus.SUCCESS);
    assertThat(CiStatus.fromGitLab("bogus")).isEmpty();
  }
}
