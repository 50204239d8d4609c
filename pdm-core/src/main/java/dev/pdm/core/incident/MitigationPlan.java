package dev.pdm.core.incident;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The mitigation agreed for a failed migration, and where its steps stand as pdm last saw them in GitLab.
 *
 * @param kind          which of the runbook's paths
 * @param actor         who recorded it
 * @param reason        why, in their words
 * @param at            when
 * @param mergeRequest  {@link Kind#NOOP_MR}: the merge request making the migration a no-op
 * @param markComplete  {@link Kind#MARK_COMPLETE}: the change request marking the migration complete
 * @param cleanup       {@link Kind#MARK_COMPLETE}: the change request cleaning up after it (may be linked later)
 * @param link          {@link Kind#OTHER}: where the mitigation is described
 */
public record MitigationPlan(Kind kind, String actor, String reason, Instant at, Optional<FixMergeRequest> mergeRequest,
    Optional<ChangeRequest> markComplete, Optional<ChangeRequest> cleanup, Optional<String> link) {

  /** Null-safe optionals (older stored records). */
  public MitigationPlan {
    mergeRequest = mergeRequest == null ? Optional.empty() : mergeRequest;
    markComplete = markComplete == null ? Optional.empty() : markComplete;
    cleanup = cleanup == null ? Optional.empty() : cleanup;
    link = link == null ? Optional.empty() : link;
  }

  /** The runbook's paths out of a failed migration. */
  public enum Kind {
    /** DDL: a merge request makes the migration a no-op; once it runs everywhere, a new run passes it. */
    NOOP_MR("make the migration a no-op"),
    /** DML: a change request marks the migration complete, another cleans up. */
    MARK_COMPLETE("mark the migration complete and clean up"),
    /** A person says a retry is safe (the run's own retry, with its reason). */
    RETRY("retry is safe"),
    /** Anything else, described where the link points. */
    OTHER("other");

    private final String words;

    Kind(String words) {
      this.words = words;
    }

    /** The plan in a few words. */
    public String words() {
      return words;
    }
  }

  /** Whether the plan's fix has reached the point where a new run may pass the migration. */
  public boolean ready(List<String> environments) {
    return switch (kind) {
      case NOOP_MR -> mergeRequest.map(mr -> mr.merged() && mr.onEnvironments().containsAll(environments)).orElse(false);
      case MARK_COMPLETE -> markComplete.map(ChangeRequest::done).orElse(false);
      case RETRY, OTHER -> false;
    };
  }

  /** The same plan with its merge request as last seen. */
  public MitigationPlan withMergeRequest(FixMergeRequest seen) {
    return new MitigationPlan(kind, actor, reason, at, Optional.of(seen), markComplete, cleanup, link);
  }

  /** The same plan with change request {@code seen} (the mark-complete or the clean-up one) as last seen. */
  public MitigationPlan withChangeRequest(ChangeRequest seen) {
    boolean isMarkComplete = markComplete.map(cr -> cr.iid() == seen.iid()).orElse(false);
    return new MitigationPlan(kind, actor, reason, at, mergeRequest,
        isMarkComplete ? Optional.of(seen) : markComplete, isMarkComplete ? cleanup : Optional.of(seen), link);
  }

  /** The change requests the plan follows. */
  public List<ChangeRequest> changeRequests() {
    return java.util.stream.Stream.concat(markComplete.stream(), cleanup.stream()).toList();
  }

  /**
   * A merge request of the canonical project, as GitLab showed it.
   *
   * @param onEnvironments the environments whose running package contains its merge commit
   */
  public record FixMergeRequest(long iid, String title, String webUrl, String state, Optional<String> mergeCommitSha,
      List<String> onEnvironments) {

    /** Copies the environments. */
    public FixMergeRequest {
      mergeCommitSha = mergeCommitSha == null ? Optional.empty() : mergeCommitSha;
      onEnvironments = onEnvironments == null ? List.of() : List.copyOf(onEnvironments);
    }

    /** Whether GitLab says it is merged and names its merge commit. */
    public boolean merged() {
      return "merged".equals(state) && mergeCommitSha.isPresent();
    }
  }

  /** A change request (an issue of the production project), as GitLab showed it. */
  public record ChangeRequest(long iid, String title, String webUrl, String state, List<String> labels) {

    /** Copies the labels. */
    public ChangeRequest {
      labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** A change request is done when it is closed. */
    public boolean done() {
      return "closed".equals(state);
    }
  }
}
