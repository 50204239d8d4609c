package dev.pdm.core.run;

import dev.pdm.core.run.Command.CommentOnReleaseIssue;
import dev.pdm.core.run.Command.LabelMergeRequests;
import dev.pdm.core.run.Command.RecordCommand;
import dev.pdm.core.run.Command.RecordDeployment;
import dev.pdm.core.run.Decision.Rejected;
import dev.pdm.core.run.Decision.Transition;
import dev.pdm.core.run.RunEvent.RecordStepCompleted;
import dev.pdm.core.run.RunEvent.RecordStepRetryRequested;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The record steps after a migration succeeded. Their failures are shown and can be redone; they never fail the
 * migration. The stage completes once every step has an outcome.
 */
final class Recording {

  /** The migration succeeded (or was resolved by a mitigation): record it. */
  Transition begin(Run run, Stage stage, Instant at) {
    String environment = stage.spec().environment();
    List<RecordStep> steps = new ArrayList<>();
    steps.add(RecordStep.pending(RecordStep.Kind.DEPLOYMENT_CANONICAL, 1));
    if (migrated(run, stage).find(environment, DeploymentProject.SECURITY).isPresent()) {
      steps.add(RecordStep.pending(RecordStep.Kind.DEPLOYMENT_SECURITY, 1));
    }
    steps.add(RecordStep.pending(RecordStep.Kind.LABEL_MRS, 1));
    steps.add(RecordStep.pending(RecordStep.Kind.RELEASE_ISSUE_COMMENT, 1));
    Stage recording = stage.withRecordSteps(steps).withStatus(StageStatus.RECORDING);
    RunStatus status = run.status() == RunStatus.CANCELING ? RunStatus.CANCELING : RunStatus.RUNNING;
    Run next = run.withStage(recording).withStatus(status);
    List<Command> commands = new ArrayList<>();
    commands.add(Notifications.ofStage(NotificationKind.STAGE_SUCCEEDED, next, recording, List.of(), Notifications.linkOf(recording)));
    steps.forEach(step -> commands.add(command(next, recording, step)));
    return new Transition(next, commands);
  }

  Decision completed(Run run, Stage stage, RecordStepCompleted event) {
    Optional<RecordStep> step = stage.recordStep(event.step())
        .filter(s -> s.status() == RecordStep.Status.PENDING && s.attempt() == event.attempt());
    boolean recordable = stage.status() == StageStatus.RECORDING || stage.status() == StageStatus.SUCCEEDED;
    if (step.isEmpty() || !recordable) {
      return Transition.unchanged(run);
    }
    Stage updated = stage.withRecordStep(step.get().completed(event.ok(), event.detail(), event.at()));
    Run next = run.withStage(updated);
    if (run.status().isTerminal()) {
      return Transition.unchanged(next);
    }
    List<Command> failure = event.ok() ? List.of() : List.of(Notifications.ofStage(NotificationKind.RECORD_STEP_FAILED, next, updated,
        List.of(event.step().name(), event.detail()), Optional.empty()));
    boolean allSettled = updated.recordSteps().stream().noneMatch(s -> s.status() == RecordStep.Status.PENDING);
    if (updated.status() == StageStatus.RECORDING && allSettled) {
      return StageProgression.finish(next, updated, event.at()).after(failure);
    }
    return new Transition(next, failure);
  }

  Decision retry(Run run, Stage stage, RecordStepRetryRequested event) {
    Optional<RecordStep> step = stage.recordStep(event.step()).filter(s -> s.status() == RecordStep.Status.FAILED);
    if (step.isEmpty()) {
      return Rejected.conflict("record step " + event.step() + " of stage '" + stage.id() + "' is "
          + stage.recordStep(event.step()).map(s -> s.status().name()).orElse("not part of the stage")
          + "; only a FAILED record step can be redone");
    }
    RecordStep again = RecordStep.pending(event.step(), step.get().attempt() + 1);
    OperatorDecision decision = new OperatorDecision(event.at(), event.actor(), OperatorDecision.Kind.RECORD_STEP_RETRY,
        Optional.of(stage.id()), "", Optional.empty());
    Stage updated = stage.withRecordStep(again);
    Run next = run.withStage(updated).withDecision(decision);
    return new Transition(next, List.of(command(next, updated, again)));
  }

  private static RecordCommand command(Run run, Stage stage, RecordStep step) {
    String environment = stage.spec().environment();
    PackageSnapshot migrated = migrated(run, stage);
    DeployedPackage canonical = migrated.find(environment, DeploymentProject.CANONICAL)
        .orElseThrow(() -> new IllegalStateException("run " + run.id() + " has no canonical package for " + environment));
    return switch (step.kind()) {
      case DEPLOYMENT_CANONICAL -> deployment(stage, step, canonical);
      case DEPLOYMENT_SECURITY -> deployment(stage, step, migrated.find(environment, DeploymentProject.SECURITY)
          .orElseThrow(() -> new IllegalStateException("run " + run.id() + " has no security package for " + environment)));
      case LABEL_MRS -> new LabelMergeRequests(stage.id(), step.kind(), step.attempt(), environment, canonical.sha());
      case RELEASE_ISSUE_COMMENT -> new CommentOnReleaseIssue(stage.id(), step.kind(), step.attempt(), environment, canonical.sha());
    };
  }

  /**
   * What the stage migrated: the packages seen when its checks passed (a package deployed after the run started is what
   * ran), or, when that round saw no canonical package, the run's starting snapshot.
   */
  static PackageSnapshot migrated(Run run, Stage stage) {
    return stage.packages().filter(p -> p.find(stage.spec().environment(), DeploymentProject.CANONICAL).isPresent())
        .orElse(run.packageSnapshot());
  }

  private static RecordDeployment deployment(Stage stage, RecordStep step, DeployedPackage deployed) {
    return new RecordDeployment(stage.id(), step.kind(), step.attempt(), deployed.environment(), deployed.project(), deployed.ref(),
        deployed.sha());
  }
}
