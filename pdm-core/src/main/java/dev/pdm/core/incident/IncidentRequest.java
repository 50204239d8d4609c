package dev.pdm.core.incident;

import java.time.Instant;

/** A person's decision on an incident workflow; applied, or rejected with a reason that names what is wrong. */
public sealed interface IncidentRequest {

  /** The failed stage whose workflow it is. */
  String stageId();

  /** Who decides (their pdm name). */
  String actor();

  /** When. */
  Instant at();

  /** Does the failure block deployments? Either way the reason is recorded and noted on the incident. */
  record DecideBlock(String stageId, String actor, boolean blocks, String reason, Instant at) implements IncidentRequest {
  }

  /**
   * The mitigation plan. For a no-op plan the server reads the merge request from GitLab first, for a mark-complete
   * plan the change requests, and passes what it read in {@code plan}.
   */
  record ChoosePlan(String stageId, String actor, MitigationPlan plan, Instant at) implements IncidentRequest {
  }

  /** A hand-over to release manager {@code to} (a GitLab username), with a summary; blank means pdm's draft. */
  record HandOver(String stageId, String actor, String to, String summary, Instant at) implements IncidentRequest {
  }

  /** Someone answered follow-up {@code key}. */
  record AnswerFollowUp(String stageId, String actor, String key, String answer, Instant at) implements IncidentRequest {
  }
}
