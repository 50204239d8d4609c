package dev.pdm.core.run;

import dev.pdm.core.run.Command.RunChecks;
import dev.pdm.core.run.Command.TriggerPipeline;
import dev.pdm.core.run.Decision.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The moves every handler shares: start a stage, trigger an attempt, finish or fail a stage, end the run. */
final class StageProgression {

  private StageProgression() {
  }

  /** Starts a stage: production checks before a migration, a trigger for QA. */
  static Transition begin(Run run, Stage stage, Instant at) {
    Stage started = stage.startedAt(at);
    return started.spec().kind() == StageKind.MIGRATE ? check(run, started) : trigger(run, started);
  }

  /** Runs a new round of production checks; nothing is triggered until they pass or are overridden. */
  static Transition check(Run run, Stage stage) {
    Stage checking = stage.withNextCheckRound();
    Run next = run.withStage(checking).withStatus(RunStatus.CHECKING);
    return new Transition(next, List.of(new RunChecks(checking.id(), checking.spec().environment(), checking.checkRound())));
  }

  /** Creates the stage's next attempt and its single TriggerPipeline: the only place a trigger is emitted. */
  static Transition trigger(Run run, Stage stage) {
    Stage triggering = stage.withNewAttempt().withStatus(StageStatus.TRIGGERING);
    Run next = run.withStage(triggering).withStatus(RunStatus.RUNNING);
    return new Transition(next, List.of(
        TriggerPipeline.of(run.id(), triggering),
        Notifications.ofStage(NotificationKind.STAGE_STARTED, next, triggering, List.of("attempt " + triggering.attemptNumber()),
            Optional.empty())));
  }

  /** The stage is done (succeeded or resolved, and recorded): the next stage starts, or the run ends. */
  static Transition finish(Run run, Stage stage, Instant at) {
    Run next = run.withStage(stage.withStatus(StageStatus.SUCCEEDED).finishedAt(at));
    if (run.status() == RunStatus.CANCELING) {
      return end(next, RunStatus.CANCELED, at, NotificationKind.RUN_CANCELED);
    }
    int index = run.indexOf(stage.id());
    if (index + 1 < next.stages().size()) {
      return begin(next, next.stages().get(index + 1), at);
    }
    return end(next, RunStatus.SUCCEEDED, at, NotificationKind.RUN_SUCCEEDED);
  }

  /** The current attempt failed: the run waits for a decision (or, when canceling, ends canceled). */
  static Transition fail(Run run, Stage stage, StageFailure failure, List<Command> first) {
    Attempt failedAttempt = stage.currentAttempt().orElseThrow().withFailure(failure);
    Stage failed = stage.withAttempt(failedAttempt).withStatus(StageStatus.FAILED).finishedAt(failure.at());
    List<Command> commands = new ArrayList<>(first);
    commands.addAll(DeploymentLocks.close(run, stage, Optional.of(failure.kind())));
    commands.add(Notifications.ofStage(NotificationKind.STAGE_FAILED, run, failed,
        List.of(failure.kind().name(), failure.detail()), Notifications.linkOf(failed)));
    Run next = run.withStage(failed);
    if (run.status() == RunStatus.CANCELING) {
      return end(next, RunStatus.CANCELED, failure.at(), NotificationKind.RUN_CANCELED).after(commands);
    }
    return new Transition(next.withStatus(RunStatus.WAITING_FOR_DECISION), commands);
  }

  /** Ends the run: stages never reached are skipped, a stage still checking or blocked is canceled. */
  static Transition end(Run run, RunStatus status, Instant at, NotificationKind kind) {
    Run next = run.withStatus(status);
    for (Stage stage : run.stages()) {
      StageStatus closed = switch (stage.status()) {
        case PENDING -> StageStatus.SKIPPED;
        case CHECKING, BLOCKED -> StageStatus.CANCELED;
        default -> stage.status();
      };
      if (closed != stage.status()) {
        next = next.withStage(stage.withStatus(closed).finishedAt(at));
      }
    }
    return new Transition(next, List.of(Notifications.ofRun(kind, next, List.of())));
  }
}
