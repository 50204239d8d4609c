package dev.pdm.core.hooks;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A fact GitLab reported about something pdm may follow, from a webhook or a poll. */
public sealed interface GitLabObservation {

  long projectId();

  /** A pipeline's status (and, from pipeline hooks, its variables and jobs). */
  record PipelineObserved(long projectId, long pipelineId, String status, String ref, String sha,
      Map<String, String> variables, Optional<String> webUrl, List<JobObserved> jobs) implements GitLabObservation {
  }

  /** A job's status. */
  record JobObserved(long projectId, long pipelineId, long jobId, String name, String stage, String status,
      Optional<String> failureReason) implements GitLabObservation {
  }

  /** An issue was opened or changed (an incident, a change request, the release issue): pdm reads it from the API. */
  record IssueObserved(long projectId, long iid) implements GitLabObservation {
  }

  /** A deployment's status on an environment. */
  record DeploymentObserved(long projectId, long deploymentId, String environment, String status,
      Optional<String> shortSha) implements GitLabObservation {
  }
}
