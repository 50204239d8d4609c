package dev.pdm.core.run;

import java.time.Instant;
import java.util.List;
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
 * @param runningLong the migrations announced as running past their duration budget, each once
 */
public record Attempt(
    int number,
    Optional<FollowedPipeline> pipeline,
    Optional<FollowedJob> job,
    Optional<StageFailure> failure,
    Optional<TriageState> triage,
    Optional<Instant> timedOutAt,
    TriggerState trigger,
    List<RunningLong> runningLong) {

  public Attempt {
    runningLong = runningLong == null ? List.of() : List.copyOf(runningLong);
  }

  static Attempt first(int number) {
    return new Attempt(number, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        TriggerState.none(), List.of());
  }

  /** Whether this attempt follows the pipeline with that id. */
  public boolean follows(long pipelineId) {
    return pipeline.map(p -> p.id() == pipelineId).orElse(false);
  }

  Attempt withPipeline(FollowedPipeline next) {
    return new Attempt(number, Optional.of(next), job, failure, triage, timedOutAt, trigger, runningLong);
  }

  Attempt withJob(FollowedJob next) {
    return new Attempt(number, pipeline, Optional.of(next), failure, triage, timedOutAt, trigger, runningLong);
  }

  Attempt withFailure(StageFailure next) {
    return new Attempt(number, pipeline, job, Optional.of(next), triage, timedOutAt, trigger, runningLong);
  }

  Attempt withTriage(TriageState next) {
    return new Attempt(number, pipeline, job, failure, Optional.of(next), timedOutAt, trigger, runningLong);
  }

  Attempt withTimedOutAt(Instant at) {
    return new Attempt(number, pipeline, job, failure, triage, Optional.of(at), trigger, runningLong);
  }

  /** Whether migration {@code version} was already announced as running long in this attempt. */
  public boolean announcedRunningLong(String version) {
    return runningLong.stream().anyMatch(r -> r.version().equals(version));
  }

  Attempt withRunningLong(RunningLong announced) {
    List<RunningLong> next = new java.util.ArrayList<>(runningLong);
    next.add(announced);
    return new Attempt(number, pipeline, job, failure, triage, timedOutAt, trigger, next);
  }

  Attempt withTrigger(TriggerState next) {
    return new Attempt(number, pipeline, job, failure, triage, timedOutAt, next, runningLong);
  }
}
