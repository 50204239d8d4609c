package dev.pdm.core.run;

import dev.pdm.core.run.Decision.Rejected;
import dev.pdm.core.run.Decision.Transition;
import dev.pdm.core.run.RunEvent.MitigationRecorded;
import dev.pdm.core.run.RunEvent.QaFailureOverridden;
import dev.pdm.core.run.RunEvent.RetryRequested;
import java.util.List;
import java.util.Optional;

/**
 * What an operator decides about a failed stage: a retry (a new attempt, after fresh checks for a migration), a
 * mitigation of a failed migration, or an override of a failed QA stage. Each needs a reason; each is recorded on the
 * run. Nothing else moves a failed stage.
 */
final class FailureDecisions {

  private final Recording recording = new Recording();

  Decision retry(Run run, Stage stage, RetryRequested event) {
    if (Text.isBlank(event.reason())) {
      return Rejected.invalid("reason is blank; a retry needs a person to say why running stage '" + stage.id() + "' again is safe");
    }
    Optional<Rejected> notFailed = requireFailed(run, stage, "retried");
    if (notFailed.isPresent()) {
      return notFailed.get();
    }
    OperatorDecision decision = new OperatorDecision(event.at(), event.actor(), OperatorDecision.Kind.RETRY, Optional.of(stage.id()),
        event.reason(), Optional.empty());
    Run next = run.withDecision(decision);
    Transition retried = stage.spec().kind() == StageKind.MIGRATE ? StageProgression.check(next, stage) : StageProgression.trigger(next, stage);
    return retried.after(List.of(Notifications.ofDecision(NotificationKind.RETRY_REQUESTED, next, decision)));
  }

  Decision mitigate(Run run, Stage stage, MitigationRecorded event) {
    if (Text.isBlank(event.reason())) {
      return Rejected.invalid("reason is blank; a mitigation of stage '" + stage.id() + "' must say what was done and why");
    }
    if (event.kind() == null) {
      return Rejected.invalid("kind is missing; expected NOOP, MARK_COMPLETE or OTHER");
    }
    if (stage.spec().kind() == StageKind.QA && event.kind().resolvesStage()) {
      return Rejected.invalid("kind " + event.kind() + " mitigates a failed migration, but '" + stage.id() + "' is a QA stage;"
          + " to let a failed QA stage through, override the QA failure with a reason");
    }
    Optional<Rejected> notFailed = requireFailed(run, stage, "mitigated");
    if (notFailed.isPresent()) {
      return notFailed.get();
    }
    OperatorDecision decision = new OperatorDecision(event.at(), event.actor(), OperatorDecision.Kind.of(event.kind()),
        Optional.of(stage.id()), event.reason(), event.link());
    Run next = run.withDecision(decision);
    List<Command> notify = List.of(Notifications.ofDecision(NotificationKind.MITIGATION_RECORDED, next, decision));
    if (!event.kind().resolvesStage()) {
      return new Transition(next, notify);
    }
    return recording.begin(next, stage.withResolution(decision), event.at()).after(notify);
  }

  Decision overrideQa(Run run, Stage stage, QaFailureOverridden event) {
    if (Text.isBlank(event.reason())) {
      return Rejected.invalid("reason is blank; letting a failed QA stage through needs a person to say why it is safe");
    }
    if (stage.spec().kind() != StageKind.QA) {
      return Rejected.invalid("stage '" + stage.id() + "' is a " + stage.spec().kind() + " stage; only a failed QA stage's failure"
          + " can be overridden (a failed migration takes a retry or a mitigation)");
    }
    Optional<Rejected> notFailed = requireFailed(run, stage, "overridden");
    if (notFailed.isPresent()) {
      return notFailed.get();
    }
    OperatorDecision decision = new OperatorDecision(event.at(), event.actor(), OperatorDecision.Kind.QA_FAILURE_OVERRIDDEN,
        Optional.of(stage.id()), event.reason(), event.link());
    Run next = run.withDecision(decision);
    return StageProgression.finish(next.withStatus(RunStatus.RUNNING), stage.withResolution(decision), event.at())
        .after(List.of(Notifications.ofDecision(NotificationKind.QA_FAILURE_OVERRIDDEN, next, decision)));
  }

  private static Optional<Rejected> requireFailed(Run run, Stage stage, String verb) {
    if (stage.status() != StageStatus.FAILED || run.status() != RunStatus.WAITING_FOR_DECISION || !run.earlierStagesSucceeded(stage.id())) {
      String pipeline = stage.currentAttempt().flatMap(Attempt::pipeline).filter(p -> !p.status().isFinished())
          .map(p -> "; its pipeline " + p.id() + " (" + p.webUrl() + ") is still " + p.status()
              + ": a retry waits until it has finished").orElse("");
      return Optional.of(Rejected.conflict("stage '" + stage.id() + "' is " + stage.status() + " (run " + run.status()
          + "); only a FAILED stage of a run WAITING_FOR_DECISION can be " + verb + pipeline));
    }
    return Optional.empty();
  }
}
