package dev.pdm.core.run;

import dev.pdm.core.run.Decision.Rejected;
import dev.pdm.core.run.Decision.Transition;
import dev.pdm.core.run.RunEvent.CancelRequested;
import java.util.List;
import java.util.Optional;

/**
 * Cancel. pdm never cancels a pipeline: a migration job stopped midway may leave data half-migrated. While nothing is in
 * flight (including a trigger not sent yet) the run ends at once; while a stage runs, or a trigger's outcome is unknown,
 * the run is CANCELING and ends when that stage ends on its own (or a person decides about the unknown trigger).
 */
final class CancelHandler {

  Decision cancel(Run run, CancelRequested event) {
    OperatorDecision decision = new OperatorDecision(event.at(), event.actor(), OperatorDecision.Kind.CANCEL, Optional.empty(),
        event.reason() == null ? "" : event.reason(), Optional.empty());
    Run next = run.withDecision(decision);
    Optional<Stage> current = run.stages().stream().filter(s -> !s.status().isFinal() && s.status() != StageStatus.PENDING)
        .findFirst();
    return switch (run.status()) {
      case CHECKING, BLOCKED -> StageProgression.end(next, RunStatus.CANCELED, event.at(), NotificationKind.RUN_CANCELED);
      case WAITING_FOR_DECISION -> current.filter(s -> s.status() == StageStatus.TRIGGER_UNCERTAIN).isPresent()
          ? canceling(next, decision)
          : StageProgression.end(next, RunStatus.FAILED, event.at(), NotificationKind.RUN_FAILED);
      case RUNNING -> current.flatMap(s -> unsentTrigger(s)).map(s -> withdraw(next, s, event))
          .orElseGet(() -> canceling(next, decision));
      case CANCELING -> Rejected.conflict("run " + run.id() + " is already CANCELING; it ends when its running stage ends");
      case SUCCEEDED, CANCELED, FAILED -> Rejected.conflict("run " + run.id() + " is " + run.status() + "; a finished run cannot be canceled");
    };
  }

  private static Transition canceling(Run next, OperatorDecision decision) {
    return new Transition(next.withStatus(RunStatus.CANCELING),
        List.of(Notifications.ofDecision(NotificationKind.RUN_CANCELING, next, decision)));
  }

  /** A stage whose current attempt's pipeline was certainly not created: nothing runs, so nothing is waited for. */
  private static Optional<Stage> unsentTrigger(Stage stage) {
    return stage.status() == StageStatus.TRIGGERING
        ? stage.currentAttempt().filter(a -> a.pipeline().isEmpty() && a.trigger().maySend()).map(a -> stage)
        : Optional.empty();
  }

  private static Transition withdraw(Run next, Stage stage, CancelRequested event) {
    Attempt attempt = stage.currentAttempt().orElseThrow();
    Stage canceled = stage.withAttempt(attempt.withTrigger(attempt.trigger().withdrawnBecause("run canceled before the trigger was sent")))
        .withStatus(StageStatus.CANCELED).finishedAt(event.at());
    return StageProgression.end(next.withStage(canceled), RunStatus.CANCELED, event.at(), NotificationKind.RUN_CANCELED);
  }
}
