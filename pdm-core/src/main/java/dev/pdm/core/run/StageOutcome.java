package dev.pdm.core.run;

import dev.pdm.core.run.Decision.Transition;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides from the statuses seen whether a running attempt succeeded, failed, or is still going. An attempt is decided
 * only once its pipeline has finished: until then GitLab may still retry a failed migration job, and a second pipeline
 * next to a running one could migrate concurrently. A migrate stage succeeds only when its migration job succeeded and
 * its pipeline finished successfully; a QA stage when its pipeline did.
 */
final class StageOutcome {

  /** Job statuses that, once the pipeline has finished, mean the migration job never ran. */
  private static final Set<CiStatus> NEVER_RAN = EnumSet.of(CiStatus.CANCELED, CiStatus.SKIPPED, CiStatus.MANUAL,
      CiStatus.SCHEDULED);

  private final Recording recording = new Recording();

  Decision evaluate(Run run, Stage stage, Instant at) {
    Attempt attempt = stage.currentAttempt().orElseThrow();
    FollowedPipeline pipeline = attempt.pipeline().orElseThrow();
    if (!pipeline.status().isFinished()) {
      return Transition.unchanged(run);
    }
    if (stage.spec().kind() == StageKind.QA) {
      return evaluateQa(run, stage, pipeline, at);
    }
    String jobName = stage.spec().followedJobName().orElseThrow();
    Optional<FollowedJob> job = attempt.job();
    if (job.isEmpty()) {
      return StageProgression.fail(run, stage, failure(StageFailure.Kind.MIGRATION_JOB_NOT_RUN,
          "pipeline " + pipeline.id() + " ended " + pipeline.status() + " without a " + jobName + " job", at), List.of());
    }
    CiStatus jobStatus = job.get().status();
    if (jobStatus == CiStatus.FAILED) {
      Stage triaged = stage.withAttempt(attempt.withTriage(TriageState.requested(job.get().id())));
      return StageProgression.fail(run, triaged, failure(StageFailure.Kind.MIGRATION_JOB_FAILED,
          "job " + job.get().name() + " (" + job.get().id() + ") failed", at), List.of(PipelineFollower.triage(triaged)));
    }
    if (NEVER_RAN.contains(jobStatus)) {
      return StageProgression.fail(run, stage, failure(StageFailure.Kind.MIGRATION_JOB_NOT_RUN,
          "job " + job.get().name() + " (" + job.get().id() + ") was " + jobStatus + " when pipeline " + pipeline.id()
              + " ended " + pipeline.status(), at), List.of());
    }
    if (!jobStatus.isFinished()) {
      // The pipeline's end was seen before the job's: the next report of the job decides.
      return Transition.unchanged(run);
    }
    if (pipeline.status() == CiStatus.SUCCESS) {
      return recording.begin(run, stage, at);
    }
    return StageProgression.fail(run, stage, failure(StageFailure.Kind.PIPELINE_FAILED_AFTER_MIGRATION,
        "job " + job.get().name() + " succeeded but pipeline " + pipeline.id() + " ended " + pipeline.status(), at), List.of());
  }

  private static Decision evaluateQa(Run run, Stage stage, FollowedPipeline pipeline, Instant at) {
    if (pipeline.status() == CiStatus.SUCCESS) {
      return StageProgression.finish(run, stage, at).after(List.of(
          Notifications.ofStage(NotificationKind.STAGE_SUCCEEDED, run, stage, List.of(), Optional.of(pipeline.webUrl()))));
    }
    return StageProgression.fail(run, stage, failure(StageFailure.Kind.PIPELINE_FAILED,
        "QA pipeline " + pipeline.id() + " ended " + pipeline.status(), at), List.of());
  }

  private static StageFailure failure(StageFailure.Kind kind, String detail, Instant at) {
    return new StageFailure(kind, detail, at);
  }
}
