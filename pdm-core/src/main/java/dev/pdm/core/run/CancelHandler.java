package dev.pdm.core.run;

import dev.pdm.core.run.Decision.Rejected;
import dev.pdm.core.run.Decision.Transition;
import dev.pdm.core.run.RunEvent.CancelRequested;
import java.util.List;
import java.util.Optional;

/**
 * Cancel. pdm never cancels a pipeline: a migration job stopped midway may leave data half-migrated. While nothing is in
 * flight the run ends at once; while a stage runs, the run is CANCELING and ends when that stage ends on its own.
 */
final class CancelHandler {

  Decision cancel(Run run, CancelRequested event) {
    OperatorDecision decision = new OperatorDecision(event.at(), event.actor(), OperatorDecision.Kind.CANCEL, Optional.empty(),
        event.reason() == null ? "" : event.reason(), Optional.empty());
    Run next = run.withDecision(decision);
    return switch (run.status()) {
      case CHECKING, BLOCKED -> StageProgression.end(next, RunStatus.CANCELED, event.at(), NotificationKind.RUN_CANCELED);
      case WAITING_FOR_DECISION -> StageProgression.end(next, RunStatus.FAILED, event.at(), NotificationKind.RUN_FAILED);
      case RUNNING -> new Transition(next.withStatus(RunStatus.CANCELING),
          List.of(Notifications.ofDecision(NotificationKind.RUN_CANCELING, next, decision)));
      case CANCELING -> Rejected.conflict("run " + run.id() + " is already CANCELING; it ends when its running stage ends");
      case SUCCEEDED, CANCELED, FAILED -> Rejected.conflict("run " + run.id() + " is " + run.status() + "; a finished run cannot be canceled");
    };
  }
}
