package dev.pdm.sandbox.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A merge request of one commit ({@code commit}, the source branch's head): merged (scenario
 * MRs whose commit is on the default branch, then also their merge commit) or opened until
 * merged through the API. Labels and label events change through the API.
 */
public final class MergeRequest {
  public final long id;
  public final long iid;
  public final Project project;
  public final String title;
  public final String description;
  public final User author;
  public final Commit commit;
  public final String sourceBranch;
  public final List<User> approvedBy;
  public final Instant createdAt;
  final List<String> labels = new ArrayList<>();
  final List<LabelEvent> labelEvents = new ArrayList<>();
  volatile Instant updatedAt;
  private volatile String state;
  private volatile User mergedBy;
  private volatile Instant mergedAt;
  private volatile Commit mergeCommit;

  MergeRequest(long id, long iid, Project project, String title, String description, User author,
      Commit commit, String sourceBranch, List<User> approvedBy, Instant createdAt) {
    this.id = id;
    this.iid = iid;
    this.project = project;
    this.title = title;
    this.description = description;
    this.author = author;
    this.commit = commit;
    this.sourceBranch = sourceBranch;
    this.approvedBy = List.copyOf(approvedBy);
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
    this.state = "opened";
  }

  /** Records the merge: by whom, when, and the commit that landed on the default branch. */
  synchronized void merged(User by, Instant at, Commit landed) {
    state = "merged";
    mergedBy = by;
    mergedAt = at;
    mergeCommit = landed;
    updatedAt = at;
  }

  /** opened or merged. */
  public String state() {
    return state;
  }

  public Optional<User> mergedBy() {
    return Optional.ofNullable(mergedBy);
  }

  public Optional<Instant> mergedAt() {
    return Optional.ofNullable(mergedAt);
  }

  /** The commit the merge put on the default branch (GitLab's merge_commit_sha), once merged. */
  public Optional<Commit> mergeCommit() {
    return Optional.ofNullable(mergeCommit);
  }

  /** Current labels, in the order they were added. */
  public synchronized List<String> labels() {
    return List.copyOf(labels);
  }

  /** Label events, oldest first. */
  public synchronized List<LabelEvent> labelEvents() {
    return List.copyOf(labelEvents);
  }

  /** When the MR last changed. */
  public Instant updatedAt() {
    return updatedAt;
  }
}
