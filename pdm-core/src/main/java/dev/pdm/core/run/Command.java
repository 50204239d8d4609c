package dev.pdm.core.run;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Something the orchestrator must do for a run; its outcome comes back as a {@link RunEvent}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Command.RunChecks.class, name = "RunChecks"),
    @JsonSubTypes.Type(value = Command.TriggerPipeline.class, name = "TriggerPipeline"),
    @JsonSubTypes.Type(value = Command.FollowPipeline.class, name = "FollowPipeline"),
    @JsonSubTypes.Type(value = Command.Triage.class, name = "Triage"),
    @JsonSubTypes.Type(value = Command.RecordDeployment.class, name = "RecordDeployment"),
    @JsonSubTypes.Type(value = Command.LabelMergeRequests.class, name = "LabelMergeRequests"),
    @JsonSubTypes.Type(value = Command.CommentOnReleaseIssue.class, name = "CommentOnReleaseIssue"),
    @JsonSubTypes.Type(value = Command.Notify.class, name = "Notify"),
    @JsonSubTypes.Type(value = Command.OpenDeploymentLock.class, name = "OpenDeploymentLock"),
    @JsonSubTypes.Type(value = Command.CloseDeploymentLock.class, name = "CloseDeploymentLock")
})
public sealed interface Command {

  /** Run the production checks for {@code environment}; answer with ChecksCompleted carrying the same round. */
  record RunChecks(String stageId, String environment, int round) implements Command {
  }

  /**
   * Start the stage's pipeline. The executor first searches for a pipeline carrying {@code variables} (created before a
   * crash) and creates one only if none exists; it answers PipelineTriggered or TriggerFailed with the same attempt.
   * Emitted at most once per (stage, attempt).
   *
   * @param variables the marker variables PDM_RUN_ID, PDM_STAGE, PDM_ATTEMPT, passed to the pipeline verbatim
   */
  record TriggerPipeline(String stageId, StageKind kind, String environment, int attempt, Map<String, String> variables)
      implements Command {
    public TriggerPipeline {
      variables = Map.copyOf(variables);
    }

    static TriggerPipeline of(String runId, Stage stage) {
      Map<String, String> markers = Map.of(
          "PDM_RUN_ID", runId, "PDM_STAGE", stage.id(), "PDM_ATTEMPT", Integer.toString(stage.attemptNumber()));
      return new TriggerPipeline(stage.id(), stage.spec().kind(), stage.spec().environment(), stage.attemptNumber(), markers);
    }
  }

  /**
   * Report the pipeline's status and its jobs' statuses (PipelineStatusChanged, JobStatusChanged), now and on every change
   * until it finishes: the current state first, since webhooks may have fired before the pipeline id was known.
   */
  record FollowPipeline(String stageId, int attempt, long pipelineId, Optional<String> followedJobName) implements Command {
  }

  /** Triage the failed migration job; answer with TriageCompleted. */
  record Triage(String stageId, int attempt, long pipelineId, long jobId) implements Command {
  }

  /** A command writing one record step; its outcome comes back as RecordStepCompleted with the same step and attempt. */
  sealed interface RecordCommand extends Command {
    /** The stage whose success is recorded. */
    String stageId();

    /** The step written. */
    RecordStep.Kind step();

    /** The step's attempt. */
    int attempt();
  }

  /** Create a successful deployment on {@code db/<environment>} in {@code project} at {@code sha}. */
  record RecordDeployment(String stageId, RecordStep.Kind step, int attempt, String environment, DeploymentProject project,
      String ref, String sha) implements RecordCommand {

    /** The GitLab environment the deployment is created on. */
    public String deploymentEnvironment() {
      return "db/" + environment;
    }
  }

  /** Label the merge requests whose post-deploy migrations (up to {@code sha}) ran on {@code environment}. */
  record LabelMergeRequests(String stageId, RecordStep.Kind step, int attempt, String environment, String sha) implements RecordCommand {
  }

  /** Comment on the monthly release issue with what ran on {@code environment} (the run is the executor's context). */
  record CommentOnReleaseIssue(String stageId, RecordStep.Kind step, int attempt, String environment, String sha)
      implements RecordCommand {
  }

  /** Tell the chat channel; the server renders the text from this payload and the run. No feedback event. */
  record Notify(NotificationKind kind, String runId, Optional<String> stageId, Optional<String> actor, List<String> details,
      Optional<String> link) implements Command {
    public Notify {
      details = List.copyOf(details);
    }
  }

  /**
   * Keep a deployment on {@code db/<environment>} in status {@code running} at {@code sha} while the attempt's pipeline
   * migrates: GitLab's environment views, the MR widget and deploy tooling that checks for running deployments see it.
   * The executor looks for one first (a crash between creating it and storing the outcome), so an attempt has one.
   */
  record OpenDeploymentLock(String stageId, int attempt, String environment, String ref, String sha) implements Command {

    /** The GitLab environment the deployment is on. */
    public String deploymentEnvironment() {
      return "db/" + environment;
    }
  }

  /** The attempt ended without success: its running deployment on {@code db/<environment>} ends as {@code outcome}. */
  record CloseDeploymentLock(String stageId, int attempt, String environment, String sha, Outcome outcome) implements Command {

    /** How the deployment ends. */
    public enum Outcome {
      FAILED,
      CANCELED
    }

    /** The GitLab environment the deployment is on. */
    public String deploymentEnvironment() {
      return "db/" + environment;
    }
  }
}
