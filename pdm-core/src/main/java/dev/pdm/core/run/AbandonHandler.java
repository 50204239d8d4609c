package dev.pdm.core.run;

import dev.pdm.core.run.Decision.Rejected;
import dev.pdm.core.run.RunEvent.StageAbandoned;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Abandon: the way out of any stuck stage. pdm stops following the stage and ends the run FAILED; it cancels nothing in
 * GitLab (a pipeline it may have started goes on, and the person abandoning it knows). Reason required.
 */
final class AbandonHandler {

  private static final Set<StageStatus> ABANDONABLE = EnumSet.of(StageStatus.CHECKING, StageStatus.BLOCKED, StageStatus.TRIGGERING,
      StageStatus.TRIGGER_UNCERTAIN, StageStatus.RUNNING, StageStatus.FAILED);

  Decision abandon(Run run, Stage stage, StageAbandoned event) {
    if (Text.isBlank(event.reason())) {
      return Rejected.invalid("reason is blank; abandoning stage '" + stage.id() + "' needs a person to say why");
    }
    if (!ABANDONABLE.contains(stage.status()) || !run.earlierStagesSucceeded(stage.id())) {
      return Rejected.conflict("stage '" + stage.id() + "' is " + stage.status() + " (run " + run.status() + "); only the stage in"
          + " progress can be abandoned, while it checks, is blocked, triggers, runs, is in doubt or has failed");
    }
    OperatorDecision decision = new OperatorDecision(event.at(), event.actor(), OperatorDecision.Kind.ABANDON, Optional.of(stage.id()),
        event.reason(), Optional.empty());
    Stage abandoned = stage.currentAttempt()
        .filter(a -> stage.status() == StageStatus.TRIGGERING && a.trigger().maySend())
        .map(a -> stage.withAttempt(a.withTrigger(a.trigger().withdrawnBecause("stage abandoned before anything was sent"))))
        .orElse(stage)
        .withStatus(StageStatus.ABANDONED).finishedAt(event.at());
    Run next = run.withDecision(decision).withStage(abandoned);
    List<Command> first = new java.util.ArrayList<>(stage.status() == StageStatus.RUNNING
        ? DeploymentLocks.close(run, stage, Optional.empty()) : List.of());
    first.add(Notifications.ofDecision(NotificationKind.STAGE_ABANDONED, next, decision));
    return StageProgression.end(next, RunStatus.FAILED, event.at(), NotificationKind.RUN_FAILED).after(first);
  }
}
