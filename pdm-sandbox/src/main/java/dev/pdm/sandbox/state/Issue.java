package dev.pdm.sandbox.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An issue or incident; title, description, labels and state change through the API. */
public final class Issue {
  public final long id;
  public final long iid;
  public final Project project;
  public final String issueType;
  public final User author;
  public final Instant createdAt;
  volatile String title;
  volatile String description;
  volatile String state;
  volatile Instant updatedAt;
  volatile Instant closedAt;
  volatile User closedBy;
  volatile boolean confidential;
  final List<String> labels = new ArrayList<>();
  final List<Note> notes = new ArrayList<>();
  final List<LabelEvent> labelEvents = new ArrayList<>();

  Issue(long id, long iid, Project project, String issueType, User author, Instant createdAt,
      String title, String description, String state) {
    this.id = id;
    this.iid = iid;
    this.project = project;
    this.issueType = issueType;
    this.author = author;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
    this.title = title;
    this.description = description;
    this.state = state;
  }

  public String title() {
    return title;
  }

  public String description() {
    return description;
  }

  /** Whether only project members may see it. */
  public boolean confidential() {
    return confidential;
  }

  /** opened or closed. */
  public String state() {
    return state;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public Optional<Instant> closedAt() {
    return Optional.ofNullable(closedAt);
  }

  public Optional<User> closedBy() {
    return Optional.ofNullable(closedBy);
  }

  public synchronized List<String> labels() {
    return List.copyOf(labels);
  }

  /** Label events, oldest first. */
  public synchronized List<LabelEvent> labelEvents() {
    return List.copyOf(labelEvents);
  }

  public synchronized List<Note> notes() {
    return List.copyOf(notes);
  }
}
