package dev.pdm.core.run;

import java.time.Instant;
import java.util.Optional;

/**
 * One trigger of a stage's pipeline; a retry makes a new attempt and keeps the old ones for the record.
 *
 * @param number     1 for the first trigger, +1 per retry; part of the pipeline's marker variables
 * @param pipeline   the pipeline, once the executor reported it
 * @param job        the migration job, once seen (after a GitLab job retry, the newest job of that name)
 * @param failure    why this attempt failed, if it did
 * @param triage     the triage of the failed job, if requested
 * @param timedOutAt when the orchestrator reported the attempt as taking too long (informational, never a failure)
 * @param trigger    where the pipeline's creation stands: sent, answered, refused, withdrawn, in doubt
 */
public record Attempt(
    int number,
    Optional<FollowedPipeline> pipeline,
    Optional<FollowedJob> job,
    Optional<StageFailure> failure,
    Optional<TriageState> triage,
    Optional<Instant> timedOutAt,
    TriggerState trigger) {

  static Attempt first(int number) {
    return new Attempt(number, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        TriggerState.none());
  }

  /** Whether this attempt follows the pipeline with that id. */
  public boolean follows(long pipelineId) {
    return pipeline.map(p -> p.id() == pipelineId).orElse(false);
  }

  Attempt withPipeline(FollowedPipeline next) {
    return new Attempt(number, Optional.of(next), job, failure, triage, timedOutAt, trigger);
  }

  Attempt withJob(FollowedJob next) {
    return new Attempt(number, pipeline, Optional.of(next), failure, triage, timedOutAt, trigger);
  }

  Attempt withFailure(StageFailure next) {
    return new Attempt(number, pipeline, job, Optional.of(next), triage, timedOutAt, trigger);
  }

  Attempt withTriage(TriageState next) {
    return new Attempt(number, pipeline, job, failure, Optional.of(next), timedOutAt, trigger);
  }

  Attempt withTimedOutAt(Instant at) {
    return new Attempt(number, pipeline, job, failure, triage, Optional.of(at), trigger);
  }

  Attempt withTrigger(TriggerState next) {
    return new Attempt(number, pipeline, job, failure, triage, timedOutAt, next);
  }
}
