package dev.pdm.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.run.Command.RecordCommand;
import dev.pdm.core.run.Command.TriggerPipeline;
import dev.pdm.core.run.Decision.Rejected;
import dev.pdm.core.run.Decision.Transition;
import dev.pdm.core.run.RunEvent.ChecksCompleted;
import dev.pdm.core.run.RunEvent.JobStatusChanged;
import dev.pdm.core.run.RunEvent.PipelineStatusChanged;
import dev.pdm.core.run.RunEvent.PipelineTriggered;
import dev.pdm.core.run.RunEvent.RecordStepCompleted;
import dev.pdm.core.run.RunEvent.RunRequested;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Drives a run through the real state machine in tests, keeping every command it emitted. */
final class RunDriver {

  static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  static final String RUN_ID = "3f2b8c1e-0d6a-4f4e-9a57-3c1d2e4f5a6b";

  final RunStateMachine machine = new RunStateMachine();
  final List<Command> emitted = new ArrayList<>();
  List<Command> last = List.of();
  Run run;
  private int minute;

  static RunDriver started() {
    RunDriver driver = new RunDriver();
    Decision decision = driver.machine.start(request(RunPlan.standard("gstg", "gprd")));
    assertThat(decision).isInstanceOf(Transition.class);
    driver.take((Transition) decision);
    return driver;
  }

  /** A started run whose staging migration pipeline 501 has been triggered. */
  static RunDriver stagingRunning() {
    RunDriver driver = started();
    driver.passChecks("migrate-gstg");
    driver.triggered("migrate-gstg", 501);
    return driver;
  }

  static RunRequested request(RunPlan plan) {
    return new RunRequested(RUN_ID, plan, "release-manager", snapshot(), T0);
  }

  static PackageSnapshot snapshot() {
    return new PackageSnapshot(List.of(
        new DeployedPackage("gstg", DeploymentProject.CANONICAL, "16.2.202307011200-aaa", "aaa111"),
        new DeployedPackage("gstg", DeploymentProject.SECURITY, "16.2.202307011200-aaa", "aaa222"),
        new DeployedPackage("gprd", DeploymentProject.CANONICAL, "16.2.202306301200-bbb", "bbb111"),
        new DeployedPackage("gprd", DeploymentProject.SECURITY, "16.2.202306301200-bbb", "bbb222")));
  }

  static CheckVerdict pass(String name) {
    return new CheckVerdict(name, CheckVerdict.Outcome.PASS, List.of(), List.of());
  }

  static CheckVerdict fail(String name, String reason, String link) {
    return new CheckVerdict(name, CheckVerdict.Outcome.FAIL, List.of(reason), List.of(link));
  }

  Instant now() {
    minute++;
    return T0.plusSeconds(60L * minute);
  }

  Decision send(RunEvent event) {
    Decision decision = machine.decide(run, event);
    if (decision instanceof Transition transition) {
      take(transition);
    } else {
      last = List.of();
    }
    return decision;
  }

  Transition accept(RunEvent event) {
    Decision decision = send(event);
    assertThat(decision).as("decision for %s", event).isInstanceOf(Transition.class);
    return (Transition) decision;
  }

  Rejected reject(RunEvent event) {
    Run before = run;
    Decision decision = send(event);
    assertThat(decision).as("decision for %s", event).isInstanceOf(Rejected.class);
    assertThat(run).isEqualTo(before);
    return (Rejected) decision;
  }

  Stage stage(String id) {
    return run.stage(id).orElseThrow();
  }

  void passChecks(String stageId) {
    accept(new ChecksCompleted(stageId, stage(stageId).checkRound(), List.of(pass("active-incident"), pass("change-request")), now()));
  }

  void failChecks(String stageId) {
    accept(new ChecksCompleted(stageId, stage(stageId).checkRound(), List.of(pass("change-request"),
        fail("active-incident", "incident #42 is open with severity::1", "https://gitlab.example/incidents/42")), now()));
  }

  /** The executor records the attempt's POST as sent, then GitLab answers with the pipeline. */
  void triggered(String stageId, long pipelineId) {
    sent(stageId);
    accept(new PipelineTriggered(stageId, stage(stageId).attemptNumber(), pipelineId, pipelineUrl(pipelineId), false, now()));
  }

  /** The executor records that it sends the current attempt's pipeline creation. */
  void sent(String stageId) {
    Attempt attempt = stage(stageId).currentAttempt().orElseThrow();
    accept(new RunEvent.TriggerSent(stageId, attempt.number(), attempt.trigger().sends() + 1, "gitlab-com/gl-infra/deployer", "master",
        now()));
  }

  void pipeline(String stageId, long pipelineId, CiStatus status) {
    accept(new PipelineStatusChanged(stageId, pipelineId, status, now()));
  }

  void job(String stageId, long pipelineId, long jobId, CiStatus status) {
    String name = stage(stageId).spec().environment() + "-postdeploy-migrations";
    accept(new JobStatusChanged(stageId, pipelineId, jobId, name, status, "https://ops.example/jobs/" + jobId, now()));
  }

  void recordAll(String stageId, boolean ok) {
    for (RecordStep step : stage(stageId).recordSteps()) {
      if (step.status() == RecordStep.Status.PENDING) {
        accept(new RecordStepCompleted(stageId, step.kind(), step.attempt(), ok, ok ? "done" : "GitLab answered 500", now()));
      }
    }
  }

  /** A migrate stage from checks to recorded success. */
  void migrationSucceeds(String stageId, long pipelineId) {
    passChecks(stageId);
    triggered(stageId, pipelineId);
    pipeline(stageId, pipelineId, CiStatus.RUNNING);
    job(stageId, pipelineId, pipelineId * 10, CiStatus.RUNNING);
    job(stageId, pipelineId, pipelineId * 10, CiStatus.SUCCESS);
    pipeline(stageId, pipelineId, CiStatus.SUCCESS);
    recordAll(stageId, true);
  }

  void qaSucceeds(String stageId, long pipelineId) {
    triggered(stageId, pipelineId);
    pipeline(stageId, pipelineId, CiStatus.RUNNING);
    pipeline(stageId, pipelineId, CiStatus.SUCCESS);
  }

  <T extends Command> List<T> emitted(Class<T> type) {
    return emitted.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends Command> List<T> lastOf(Class<T> type) {
    return last.stream().filter(type::isInstance).map(type::cast).toList();
  }

  List<TriggerPipeline> triggers(String stageId) {
    return emitted(TriggerPipeline.class).stream().filter(t -> t.stageId().equals(stageId)).toList();
  }

  List<RecordCommand> recordCommands(String stageId) {
    return emitted(RecordCommand.class).stream().filter(c -> c.stageId().equals(stageId)).toList();
  }

  static String pipelineUrl(long id) {
    return "https://ops.example/deployer/-/pipelines/" + id;
  }

  private void take(Transition transition) {
    run = transition.run();
    last = transition.commands();
    emitted.addAll(last);
  }
}
