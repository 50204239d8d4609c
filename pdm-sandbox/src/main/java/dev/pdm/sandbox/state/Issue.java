package dev.pdm.sandbox.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An issue or incident; title, description, labels, state and confidentiality change through the API. */
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
  volatile User updatedBy;
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

  /** Whether only project members can see it (GitLab then sends Confidential Issue Hook). */
  public boolean confidential() {
    return confidential;
  }

  /** Who changed it last, if anyone did after opening it. */
  public Optional<User> updatedBy() {
    return Optional.ofNullable(updatedBy);
  }

  /**
   * GitLab's incident severity from a {@code severity::N} label (critical, high, medium, low),
   * else unknown.
   */
  public String severity() {
    return labels().stream().filter(l -> l.startsWith("severity::")).findFirst()
        .map(l -> switch (l.substring("severity::".length())) {
          case "1" -> "critical";
          case "2" -> "high";
          case "3" -> "medium";
          case "4" -> "low";
          default -> "unknown";
        }).orElse("unknown");
  }

  /** The fields an Issue Hook reports changes of, as they are now. */
  public synchronized Fields fields() {
    return new Fields(title, description, List.copyOf(labels), state, confidential, updatedAt,
        closedAt, updatedBy);
  }

  /** An issue's reportable fields at one moment. */
  public record Fields(String title, String description, List<String> labels, String state,
      boolean confidential, Instant updatedAt, Instant closedAt, User updatedBy) {
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
