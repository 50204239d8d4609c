package dev.pdm.core.run;

import dev.pdm.core.run.Decision.Transition;
import dev.pdm.core.run.RunEvent.TriageCompleted;
import java.util.List;
import java.util.Optional;

/** Keeps a triage's finding on the attempt it concerns, even after a retry or the run's end. */
final class TriageHandler {

  Decision completed(Run run, Stage stage, TriageCompleted event) {
    Optional<Attempt> attempt = stage.attempts().stream()
        .filter(a -> a.number() == event.attempt() && a.triage().filter(t -> !t.completed()).isPresent())
        .findFirst();
    if (attempt.isEmpty()) {
      return Transition.unchanged(run);
    }
    TriageState requested = attempt.get().triage().orElseThrow();
    TriageState done = new TriageState(requested.jobId(), true, Optional.of(event.summary()), event.incidentUrl());
    Stage updated = stage.withAttempt(attempt.get().withTriage(done));
    Run next = run.withStage(updated);
    if (run.status().isTerminal()) {
      return Transition.unchanged(next);
    }
    return new Transition(next, List.of(
        Notifications.ofStage(NotificationKind.TRIAGE_COMPLETED, next, updated, List.of(event.summary()), event.incidentUrl())));
  }
}
