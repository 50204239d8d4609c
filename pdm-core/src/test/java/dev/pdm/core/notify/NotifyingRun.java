package dev.pdm.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.run.CheckVerdict;
import dev.pdm.core.run.CiStatus;
import dev.pdm.core.run.Command;
import dev.pdm.core.run.Command.Notify;
import dev.pdm.core.run.Decision;
import dev.pdm.core.run.Decision.Transition;
import dev.pdm.core.run.DeployedPackage;
import dev.pdm.core.run.DeploymentProject;
import dev.pdm.core.run.NotificationKind;
import dev.pdm.core.run.PackageSnapshot;
import dev.pdm.core.run.RecordStep;
import dev.pdm.core.run.Run;
import dev.pdm.core.run.RunEvent;
import dev.pdm.core.run.RunEvent.ChecksCompleted;
import dev.pdm.core.run.RunEvent.JobStatusChanged;
import dev.pdm.core.run.RunEvent.PipelineStatusChanged;
import dev.pdm.core.run.RunEvent.PipelineTriggered;
import dev.pdm.core.run.RunEvent.RecordStepCompleted;
import dev.pdm.core.run.RunEvent.RunRequested;
import dev.pdm.core.run.RunPlan;
import dev.pdm.core.run.RunStateMachine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Drives a run through the real state machine and keeps the Notify commands it emitted, for rendering. */
final class NotifyingRun {

  static final String RUN_ID = "3f2b8c1e-0d6a-4f4e-9a57-3c1d2e4f5a6b";
  static final String STAGING = "migrate-gstg";

  private final RunStateMachine machine = new RunStateMachine();
  private final List<Notify> notifications = new ArrayList<>();
  private Instant now = Instant.parse("2026-11-24T10:00:00Z");
  Run run;

  static NotifyingRun started(RunPlan plan) {
    NotifyingRun driver = new NotifyingRun();
    PackageSnapshot snapshot = new PackageSnapshot(List.of(
        new DeployedPackage("gstg", DeploymentProject.CANONICAL, "16.2.202307011200-aaa", "aaa111"),
        new DeployedPackage("gprd", DeploymentProject.CANONICAL, "16.2.202306301200-bbb", "bbb111")));
    driver.take(driver.machine.start(new RunRequested(RUN_ID, plan, "release-manager", snapshot, driver.now)));
    return driver;
  }

  static NotifyingRun standard() {
    return started(RunPlan.standard("gstg", "gprd"));
  }

  /** A standard run whose staging migration pipeline 501 is running. */
  static NotifyingRun stagingRunning() {
    NotifyingRun driver = standard();
    driver.checks(pass("active-incident"));
    driver.send(new PipelineTriggered(STAGING, 1, 501, pipelineUrl(501), false, driver.tick()));
    return driver;
  }

  /** A standard run whose staging migration job 9001 failed. */
  static NotifyingRun stagingJobFailed() {
    NotifyingRun driver = stagingRunning();
    driver.send(new JobStatusChanged(STAGING, 501, 9001, "gstg-postdeploy-migrations", CiStatus.FAILED, jobUrl(9001), driver.tick()));
    driver.send(new PipelineStatusChanged(STAGING, 501, CiStatus.FAILED, driver.tick()));
    return driver;
  }

  /** A standard run whose staging pipeline could not be created, GitLab answering {@code error}. */
  static NotifyingRun stagingTriggerFailed(String error) {
    NotifyingRun driver = standard();
    driver.checks(pass("active-incident"));
    driver.send(new RunEvent.TriggerSent(STAGING, 1, 1, "gitlab-com/gl-infra/deployer", "master", driver.tick()));
    driver.send(new RunEvent.TriggerFailed(STAGING, 1, error, driver.tick()));
    return driver;
  }

  /** The staging migration job and pipeline succeeded: the stage records. */
  void stagingMigrated() {
    send(new JobStatusChanged(STAGING, 501, 9001, "gstg-postdeploy-migrations", CiStatus.SUCCESS, jobUrl(9001), tick()));
    send(new PipelineStatusChanged(STAGING, 501, CiStatus.SUCCESS, tick()));
  }

  void recordEverything(String stageId) {
    for (RecordStep step : run.stage(stageId).orElseThrow().recordSteps()) {
      send(new RecordStepCompleted(stageId, step.kind(), step.attempt(), true, "done", tick()));
    }
  }

  void checks(CheckVerdict... verdicts) {
    send(new ChecksCompleted(STAGING, run.stage(STAGING).orElseThrow().checkRound(), List.of(verdicts), tick()));
  }

  void send(RunEvent event) {
    take(machine.decide(run, event));
  }

  Instant tick() {
    now = now.plusSeconds(60);
    return now;
  }

  /** The latest notification of that kind, which the test expects the machine to have emitted. */
  Notify last(NotificationKind kind) {
    List<Notify> ofKind = notifications.stream().filter(n -> n.kind() == kind).toList();
    assertThat(ofKind).as("%s notifications emitted so far: %s", kind, notifications).isNotEmpty();
    return ofKind.get(ofKind.size() - 1);
  }

  static CheckVerdict pass(String name) {
    return new CheckVerdict(name, CheckVerdict.Outcome.PASS, List.of(), List.of());
  }

  static CheckVerdict fail(String name, String reason, String link) {
    return new CheckVerdict(name, CheckVerdict.Outcome.FAIL, List.of(reason), List.of(link));
  }

  static String pipelineUrl(long id) {
    return "https://gitlab.example/ops/deployer/-/pipelines/" + id;
  }

  static String jobUrl(long id) {
    return "https://gitlab.example/ops/deployer/-/jobs/" + id;
  }

  private void take(Decision decision) {
    assertThat(decision).isInstanceOf(Transition.class);
    Transition transition = (Transition) decision;
    run = transition.run();
    for (Command command : transition.commands()) {
      if (command instanceof Notify notify) {
        notifications.add(notify);
      }
    }
  }
}
