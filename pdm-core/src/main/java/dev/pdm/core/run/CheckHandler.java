package dev.pdm.core.run;

import dev.pdm.core.run.Decision.Rejected;
import dev.pdm.core.run.Decision.Transition;
import dev.pdm.core.run.RunEvent.ChecksCompleted;
import dev.pdm.core.run.RunEvent.ChecksOverridden;
import dev.pdm.core.run.RunEvent.RecheckRequested;
import java.util.List;
import java.util.Optional;

/** Production checks before a migrate stage: their results, a recheck, an override. */
final class CheckHandler {

  Decision completed(Run run, Stage stage, ChecksCompleted event) {
    if (stage.status() != StageStatus.CHECKING || run.status() != RunStatus.CHECKING || event.round() != stage.checkRound()
        || !run.earlierStagesSucceeded(stage.id())) {
      return Transition.unchanged(run);
    }
    Stage checked = stage.withChecks(event.verdicts(), event.at(), event.packages());
    List<String> reasons = blockingReasons(event.verdicts());
    if (reasons.isEmpty()) {
      return StageProgression.trigger(run, checked);
    }
    Stage blocked = checked.withStatus(StageStatus.BLOCKED);
    Optional<String> link = event.verdicts().stream().filter(v -> !v.passed()).flatMap(v -> v.links().stream()).findFirst();
    Run next = run.withStage(blocked).withStatus(RunStatus.BLOCKED);
    return new Transition(next, List.of(Notifications.ofStage(NotificationKind.RUN_BLOCKED, next, blocked, reasons, link)));
  }

  Decision recheck(Run run, Stage stage, RecheckRequested event) {
    if (stage.status() != StageStatus.BLOCKED || run.status() != RunStatus.BLOCKED || stage.spec().kind() != StageKind.MIGRATE) {
      return notBlocked(run, stage, "rechecked");
    }
    OperatorDecision decision = new OperatorDecision(event.at(), event.actor(), OperatorDecision.Kind.RECHECK,
        Optional.of(stage.id()), "", Optional.empty());
    return StageProgression.check(run.withDecision(decision), stage);
  }

  Decision override(Run run, Stage stage, ChecksOverridden event) {
    if (Text.isBlank(event.reason())) {
      return Rejected.invalid("reason is blank; overriding production checks needs a reason saying why it is safe to go on");
    }
    if (stage.status() != StageStatus.BLOCKED || run.status() != RunStatus.BLOCKED || stage.spec().kind() != StageKind.MIGRATE
        || !run.earlierStagesSucceeded(stage.id())) {
      return notBlocked(run, stage, "overridden");
    }
    OperatorDecision decision = new OperatorDecision(event.at(), event.actor(), OperatorDecision.Kind.CHECKS_OVERRIDDEN,
        Optional.of(stage.id()), event.reason(), event.link());
    Run next = run.withDecision(decision);
    return StageProgression.trigger(next, stage.withChecksOverride(decision))
        .after(List.of(Notifications.ofDecision(NotificationKind.CHECKS_OVERRIDDEN, next, decision)));
  }

  private static Rejected notBlocked(Run run, Stage stage, String verb) {
    return Rejected.conflict("stage '" + stage.id() + "' is " + stage.status() + " (run " + run.status() + "); only the checks of a"
        + " BLOCKED migrate stage can be " + verb);
  }

  private static List<String> blockingReasons(List<CheckVerdict> verdicts) {
    if (verdicts.isEmpty()) {
      return List.of("no check reported a verdict");
    }
    return verdicts.stream()
        .filter(v -> !v.passed())
        .map(v -> v.name() + " " + v.outcome() + (v.reasons().isEmpty() ? "" : ": " + String.join("; ", v.reasons())))
        .toList();
  }
}
