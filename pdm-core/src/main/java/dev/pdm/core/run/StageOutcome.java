package dev.pdm.core.run;

import dev.pdm.core.run.Decision.Transition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decides from the statuses seen whether a running attempt succeeded, failed, or is still going. A migrate stage succeeds
 * only when its migration job succeeded and its pipeline finished successfully; a QA stage when its pipeline did.
 */
final class StageOutcome {

  private final Recording recording = new Recording();

  Decision evaluate(Run run, Stage stage, Instant at) {
    Attempt attempt = stage.currentAttempt().orElseThrow();
    FollowedPipeline pipeline = attempt.pipeline().orElseThrow();
    if (stage.spec().kind() == StageKind.QA) {
      return evaluateQa(run, stage, pipeline, at);
    }
    Optional<FollowedJob> job = attempt.job();
    CiStatus jobStatus = job.map(FollowedJob::status).orElse(CiStatus.CREATED);
    if (jobStatus == CiStatus.FAILED) {
      Stage triaged = stage.withAttempt(attempt.withTriage(TriageState.requested(job.orElseThrow().id())));
      return StageProgression.fail(run, triaged, failure(StageFailure.Kind.MIGRATION_JOB_FAILED,
          "job " + job.get().name() + " (" + job.get().id() + ") failed", at), List.of(PipelineFollower.triage(triaged)));
    }
    if (jobStatus == CiStatus.CANCELED || jobStatus == CiStatus.SKIPPED) {
      return StageProgression.fail(run, stage, failure(StageFailure.Kind.MIGRATION_JOB_NOT_RUN,
          "job " + job.orElseThrow().name() + " (" + job.get().id() + ") was " + jobStatus, at), List.of());
    }
    if (!pipeline.status().isFinished()) {
      return Transition.unchanged(run);
    }
    if (pipeline.status() == CiStatus.SUCCESS) {
      return jobStatus == CiStatus.SUCCESS ? recording.begin(run, stage, at) : Transition.unchanged(run);
    }
    if (jobStatus == CiStatus.SUCCESS) {
      return StageProgression.fail(run, stage, failure(StageFailure.Kind.PIPELINE_FAILED_AFTER_MIGRATION,
          "job " + job.orElseThrow().name() + " succeeded but pipeline " + pipeline.id() + " ended " + pipeline.status(), at), List.of());
    }
    return StageProgression.fail(run, stage, failure(StageFailure.Kind.PIPELINE_FAILED,
        "pipeline " + pipeline.id() + " ended " + pipeline.status() + " before its migration job succeeded", at), List.of());
  }

  private static Decision evaluateQa(Run run, Stage stage, FollowedPipeline pipeline, Instant at) {
    if (pipeline.status() == CiStatus.SUCCESS) {
      return StageProgression.finish(run, stage, at).after(List.of(
          Notifications.ofStage(NotificationKind.STAGE_SUCCEEDED, run, stage, List.of(), Optional.of(pipeline.webUrl()))));
    }
    if (pipeline.status().isFinished()) {
      return StageProgression.fail(run, stage, failure(StageFailure.Kind.PIPELINE_FAILED,
          "QA pipeline " + pipeline.id() + " ended " + pipeline.status(), at), List.of());
    }
    return Transition.unchanged(run);
  }

  private static StageFailure failure(StageFailure.Kind kind, String detail, Instant at) {
    return new StageFailure(kind, detail, at);
  }
}
