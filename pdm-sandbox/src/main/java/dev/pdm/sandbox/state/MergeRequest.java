package dev.pdm.sandbox.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A merged merge request; labels and label events change through the API. */
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
  public final User mergedBy;
  public final Instant createdAt;
  final List<String> labels = new ArrayList<>();
  final List<LabelEvent> labelEvents = new ArrayList<>();
  volatile Instant updatedAt;

  MergeRequest(long id, long iid, Project project, String title, String description, User author,
      Commit commit, String sourceBranch, List<User> approvedBy, User mergedBy, Instant createdAt) {
    this.id = id;
    this.iid = iid;
    this.project = project;
    this.title = title;
    this.description = description;
    this.author = author;
    this.commit = commit;
    this.sourceBranch = sourceBranch;
    this.approvedBy = List.copyOf(approvedBy);
    this.mergedBy = mergedBy;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
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
