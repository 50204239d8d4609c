package dev.pdm.core.run;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened to a run: reported by an executor, GitLab (via webhook or poll), a timer, or an operator.
 * Times come in events; the state machine never reads a clock. Serialized with a {@code type} property.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = RunEvent.RunRequested.class, name = "RunRequested"),
    @JsonSubTypes.Type(value = RunEvent.ChecksCompleted.class, name = "ChecksCompleted"),
    @JsonSubTypes.Type(value = RunEvent.RecheckRequested.class, name = "RecheckRequested"),
    @JsonSubTypes.Type(value = RunEvent.ChecksOverridden.class, name = "ChecksOverridden"),
    @JsonSubTypes.Type(value = RunEvent.PipelineTriggered.class, name = "PipelineTriggered"),
    @JsonSubTypes.Type(value = RunEvent.TriggerFailed.class, name = "TriggerFailed"),
    @JsonSubTypes.Type(value = RunEvent.PipelineStatusChanged.class, name = "PipelineStatusChanged"),
    @JsonSubTypes.Type(value = RunEvent.JobStatusChanged.class, name = "JobStatusChanged"),
    @JsonSubTypes.Type(value = RunEvent.StageTimedOut.class, name = "StageTimedOut"),
    @JsonSubTypes.Type(value = RunEvent.TriageCompleted.class, name = "TriageCompleted"),
    @JsonSubTypes.Type(value = RunEvent.RecordStepCompleted.class, name = "RecordStepCompleted"),
    @JsonSubTypes.Type(value = RunEvent.RecordStepRetryRequested.class, name = "RecordStepRetryRequested"),
    @JsonSubTypes.Type(value = RunEvent.RetryRequested.class, name = "RetryRequested"),
    @JsonSubTypes.Type(value = RunEvent.MitigationRecorded.class, name = "MitigationRecorded"),
    @JsonSubTypes.Type(value = RunEvent.CancelRequested.class, name = "CancelRequested"),
    @JsonSubTypes.Type(value = RunEvent.TriggerSent.class, name = "TriggerSent"),
    @JsonSubTypes.Type(value = RunEvent.TriggerRefused.class, name = "TriggerRefused"),
    @JsonSubTypes.Type(value = RunEvent.TriggerUncertain.class, name = "TriggerUncertain"),
    @JsonSubTypes.Type(value = RunEvent.ChecksExpired.class, name = "ChecksExpired"),
    @JsonSubTypes.Type(value = RunEvent.PipelineMissing.class, name = "PipelineMissing"),
    @JsonSubTypes.Type(value = RunEvent.PipelineAdopted.class, name = "PipelineAdopted"),
    @JsonSubTypes.Type(value = RunEvent.TriggerAgainRequested.class, name = "TriggerAgainRequested"),
    @JsonSubTypes.Type(value = RunEvent.StageAbandoned.class, name = "StageAbandoned"),
    @JsonSubTypes.Type(value = RunEvent.QaFailureOverridden.class, name = "QaFailureOverridden"),
    @JsonSubTypes.Type(value = RunEvent.MigrationRunningLong.class, name = "MigrationRunningLong")
})
public sealed interface RunEvent {

  /** When it happened. */
  Instant at();

  /** An event about one stage. */
  sealed interface StageEvent extends RunEvent {
    /** The stage it concerns. */
    String stageId();
  }

  /** A request by a person; it is either applied or {@link Decision.Rejected} with a reason, never silently ignored. */
  sealed interface OperatorRequest extends RunEvent {
    /** Who asks. */
    String actor();
  }

  /** Creates a run (handled by {@link RunStateMachine#start}); the server snapshots packages and picks the id. */
  record RunRequested(String runId, RunPlan plan, String actor, PackageSnapshot packageSnapshot, Instant at) implements OperatorRequest {
  }

  /**
   * The production checks of one round finished.
   *
   * @param packages the packages running on the stage's environment when the checks ran: what the stage will migrate
   *                 and record (empty when they could not be read)
   */
  record ChecksCompleted(String stageId, int round, List<CheckVerdict> verdicts, Optional<PackageSnapshot> packages, Instant at)
      implements StageEvent {
    public ChecksCompleted {
      verdicts = List.copyOf(verdicts);
      packages = packages == null ? Optional.empty() : packages;
    }

    /** Checks that saw no package. */
    public ChecksCompleted(String stageId, int round, List<CheckVerdict> verdicts, Instant at) {
      this(stageId, round, verdicts, Optional.empty(), at);
    }
  }

  /** An operator asks to run the checks again on a blocked stage. */
  record RecheckRequested(String stageId, String actor, Instant at) implements StageEvent, OperatorRequest {
  }

  /** An operator overrides failing checks on a blocked stage; reason required. */
  record ChecksOverridden(String stageId, String actor, String reason, Optional<String> link, Instant at)
      implements StageEvent, OperatorRequest {
  }

  /**
   * The executor created (or, after a crash, found by its markers) the attempt's pipeline.
   *
   * @param foundExisting true when found by the marker search rather than created
   */
  record PipelineTriggered(String stageId, int attempt, long pipelineId, String webUrl, boolean foundExisting, Instant at)
      implements StageEvent {
  }

  /**
   * GitLab answered the attempt's pipeline creation with a definite refusal (400, 403, 404, 422: bad ref, no
   * permission): nothing was created and sending it again would fail again. The stage fails; a person decides.
   */
  record TriggerFailed(String stageId, int attempt, String error, Instant at) implements StageEvent {
  }

  /**
   * The executor holds the run's lease and is about to send pipeline creation number {@code send} of the attempt to
   * {@code project}/{@code ref}. Stored before the POST goes out: from then on, until GitLab's answer is stored, nobody
   * sends another one for this attempt; a later executor only searches for the pipeline.
   */
  record TriggerSent(String stageId, int attempt, int send, String project, String ref, Instant at) implements StageEvent {
  }

  /**
   * GitLab refused send {@code send} without acting on it (429 rate limited, 503 unavailable, connection refused):
   * nothing was created, and the attempt may be sent again later.
   */
  record TriggerRefused(String stageId, int attempt, int send, String reason, Instant at) implements StageEvent {
  }

  /**
   * Send {@code send} got no usable answer and no pipeline carrying the attempt's marker appeared within the quiet
   * period: pdm cannot know whether GitLab created it, so it asks a person.
   */
  record TriggerUncertain(String stageId, int attempt, int send, String detail, Instant at) implements StageEvent {
  }

  /** The checks that let this attempt go are older than allowed and nothing was sent yet: check again first. */
  record ChecksExpired(String stageId, int attempt, Instant checkedAt, Instant at) implements StageEvent {
  }

  /** GitLab answers 404 for the followed pipeline: it was deleted. */
  record PipelineMissing(String stageId, long pipelineId, Instant at) implements StageEvent {
  }

  /** GitLab reported a pipeline status (webhook or poll, possibly duplicated, late or out of order). */
  record PipelineStatusChanged(String stageId, long pipelineId, CiStatus status, Instant at) implements StageEvent {
    public PipelineStatusChanged {
      Objects.requireNonNull(status, "pipeline status is missing; expected a CiStatus (unknown GitLab statuses are not events)");
    }
  }

  /** GitLab reported a job status in a followed pipeline (any job; only the migration job matters). */
  record JobStatusChanged(String stageId, long pipelineId, long jobId, String jobName, CiStatus status, String webUrl, Instant at)
      implements StageEvent {
    public JobStatusChanged {
      Objects.requireNonNull(jobName, "job name is missing; expected e.g. 'gstg-postdeploy-migrations'");
      Objects.requireNonNull(status, "job status is missing; expected a CiStatus (unknown GitLab statuses are not events)");
    }
  }

  /**
   * The follower saw migration {@code version} running for {@code elapsedSeconds}, past its budget: announced once per
   * attempt with its staging duration beside it; it is never stopped.
   */
  record MigrationRunningLong(String stageId, int attempt, String version, String className, double elapsedSeconds,
      double budgetSeconds, Optional<Double> stagingSeconds, Instant at) implements StageEvent {
  }

  /** The orchestrator's timer says the attempt has taken too long; notifies, never fails the stage. */
  record StageTimedOut(String stageId, int attempt, Instant at) implements StageEvent {
  }

  /** The triage of a failed attempt finished (summary says why when it could not triage). */
  record TriageCompleted(String stageId, int attempt, String summary, Optional<String> incidentUrl, Instant at) implements StageEvent {
  }

  /** A record step's command finished. */
  record RecordStepCompleted(String stageId, RecordStep.Kind step, int attempt, boolean ok, String detail, Instant at)
      implements StageEvent {
  }

  /** An operator asks to redo a failed record step. */
  record RecordStepRetryRequested(String stageId, RecordStep.Kind step, String actor, Instant at) implements StageEvent, OperatorRequest {
  }

  /** An operator says a failed stage is safe to run again; reason required. */
  record RetryRequested(String stageId, String actor, String reason, Instant at) implements StageEvent, OperatorRequest {
  }

  /** An operator records a mitigation of a failed stage; reason required. NOOP and MARK_COMPLETE resolve the stage. */
  record MitigationRecorded(String stageId, String actor, MitigationKind kind, String reason, Optional<String> link, Instant at)
      implements StageEvent, OperatorRequest {
  }

  /** An operator names the pipeline of an attempt whose creation pdm could not confirm; reason required. */
  record PipelineAdopted(String stageId, String actor, long pipelineId, String webUrl, String reason, Instant at)
      implements StageEvent, OperatorRequest {
  }

  /** An operator says no pipeline was created for an uncertain attempt: a new attempt (checks first); reason required. */
  record TriggerAgainRequested(String stageId, String actor, String reason, Instant at) implements StageEvent, OperatorRequest {
  }

  /** An operator gives a stage up: pdm stops following it, cancels nothing in GitLab, and the run fails; reason required. */
  record StageAbandoned(String stageId, String actor, String reason, Instant at) implements StageEvent, OperatorRequest {
  }

  /** An operator lets a failed QA stage through; reason required. Migration mitigations do not apply to QA. */
  record QaFailureOverridden(String stageId, String actor, String reason, Optional<String> link, Instant at)
      implements StageEvent, OperatorRequest {
  }

  /** An operator asks to stop the run; reason optional (blank allowed: cancel is the safe direction). */
  record CancelRequested(String actor, String reason, Instant at) implements OperatorRequest {
  }
}
