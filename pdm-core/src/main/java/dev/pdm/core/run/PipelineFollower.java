package dev.pdm.core.run;

import dev.pdm.core.run.Command.Triage;
import dev.pdm.core.run.Decision.Transition;
import dev.pdm.core.run.RunEvent.JobStatusChanged;
import dev.pdm.core.run.RunEvent.MigrationRunningLong;
import dev.pdm.core.run.RunEvent.PipelineMissing;
import dev.pdm.core.run.RunEvent.PipelineStatusChanged;
import dev.pdm.core.run.RunEvent.StageTimedOut;
import java.util.List;
import java.util.Optional;

/**
 * GitLab's reports on the current attempt's pipeline and migration job. A status only ever moves forward; reports on
 * any other pipeline (an earlier attempt, someone else's) or any other job are ignored. When GitLab retries the
 * migration job itself ({@code retry:} in the CI configuration), the newer job of the same name is followed instead.
 */
final class PipelineFollower {

  private final StageOutcome outcome = new StageOutcome();

  Decision pipelineStatus(Run run, Stage stage, PipelineStatusChanged event) {
    Optional<Attempt> current = stage.currentAttempt().filter(a -> a.follows(event.pipelineId()));
    if (current.isEmpty()) {
      return Transition.unchanged(run);
    }
    FollowedPipeline pipeline = current.get().pipeline().orElseThrow();
    if (!pipeline.status().canMoveTo(event.status())) {
      return Transition.unchanged(run);
    }
    Stage seen = stage.withAttempt(current.get().withPipeline(pipeline.withStatus(event.status())));
    return afterReport(run.withStage(seen), seen, event);
  }

  Decision jobStatus(Run run, Stage stage, JobStatusChanged event) {
    Optional<Attempt> current = stage.currentAttempt().filter(a -> a.follows(event.pipelineId()));
    if (current.isEmpty() || !stage.spec().followedJobName().equals(Optional.of(event.jobName()))) {
      return Transition.unchanged(run);
    }
    Optional<FollowedJob> known = current.get().job();
    boolean olderJob = known.isPresent() && event.jobId() < known.get().id();
    boolean sameJob = known.isPresent() && event.jobId() == known.get().id();
    if (olderJob || (sameJob && !known.get().status().canMoveTo(event.status()))) {
      return Transition.unchanged(run);
    }
    FollowedJob job = sameJob ? known.get().withStatus(event.status(), event.webUrl())
        : new FollowedJob(event.jobId(), event.jobName(), event.status(), event.webUrl());
    Attempt updated = current.get().withJob(job);
    if (stage.status() == StageStatus.FAILED && job.status() == CiStatus.FAILED && updated.triage().isEmpty()) {
      Stage triaged = stage.withAttempt(updated.withTriage(TriageState.requested(job.id())));
      return new Transition(run.withStage(triaged), List.of(triage(triaged)));
    }
    Stage seen = stage.withAttempt(updated);
    return afterReport(run.withStage(seen), seen, event);
  }

  Decision missing(Run run, Stage stage, PipelineMissing event) {
    Optional<Attempt> current = stage.currentAttempt().filter(a -> a.follows(event.pipelineId()));
    if (stage.status() != StageStatus.RUNNING || current.isEmpty()) {
      return Transition.unchanged(run);
    }
    return StageProgression.fail(run, stage, new StageFailure(StageFailure.Kind.PIPELINE_MISSING,
        "GitLab answers 404 for pipeline " + event.pipelineId() + ": it was deleted", event.at()), List.of());
  }

  Decision timedOut(Run run, Stage stage, StageTimedOut event) {
    boolean inFlight = stage.status() == StageStatus.TRIGGERING || stage.status() == StageStatus.RUNNING;
    Optional<Attempt> current = stage.currentAttempt(event.attempt()).filter(a -> a.timedOutAt().isEmpty());
    if (!inFlight || current.isEmpty()) {
      return Transition.unchanged(run);
    }
    Stage flagged = stage.withAttempt(current.get().withTimedOutAt(event.at()));
    Run next = run.withStage(flagged);
    return new Transition(next, List.of(Notifications.ofStage(NotificationKind.STAGE_TIMED_OUT, next, flagged,
        List.of("attempt " + event.attempt() + " is still " + stage.status()), Notifications.linkOf(flagged))));
  }

  /** A migration past its budget is announced once per attempt while the stage runs; nothing is stopped. */
  Decision runningLong(Run run, Stage stage, MigrationRunningLong event) {
    Optional<Attempt> current = stage.currentAttempt(event.attempt())
        .filter(a -> a.pipeline().isPresent() && !a.announcedRunningLong(event.version()));
    if (stage.status() != StageStatus.RUNNING || stage.spec().kind() != StageKind.MIGRATE || current.isEmpty()) {
      return Transition.unchanged(run);
    }
    RunningLong announced = new RunningLong(event.version(), event.className(), event.elapsedSeconds(), event.budgetSeconds(),
        event.stagingSeconds(), event.at());
    Stage flagged = stage.withAttempt(current.get().withRunningLong(announced));
    Run next = run.withStage(flagged);
    return new Transition(next, List.of(Notifications.ofStage(NotificationKind.MIGRATION_RUNNING_LONG, next, flagged,
        List.of(event.version() + " " + event.className() + " has been running for " + Durations.words(event.elapsedSeconds()),
            event.stagingSeconds().map(s -> "it took " + Durations.words(s) + " on staging").orElse("its staging duration is unknown")
                + "; budget " + Durations.words(event.budgetSeconds()),
            "pdm does not stop it"), Notifications.linkOf(flagged))));
  }

  static Triage triage(Stage stage) {
    Attempt attempt = stage.currentAttempt().orElseThrow();
    return new Triage(stage.id(), attempt.number(), attempt.pipeline().orElseThrow().id(), attempt.triage().orElseThrow().jobId());
  }

  private Decision afterReport(Run run, Stage stage, RunEvent event) {
    return stage.status() == StageStatus.RUNNING ? outcome.evaluate(run, stage, event.at()) : Transition.unchanged(run);
  }
}
