package dev.pdm.sandbox.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** A CI job; its log (trace) grows while it runs. */
public final class Job {
  private static final Set<String> TERMINAL = Set.of("success", "failed", "canceled", "skipped");

  public final long id;
  public final Pipeline pipeline;
  public final String name;
  public final String stage;
  public final Instant createdAt;
  private final TraceText trace = new TraceText();
  private volatile String status = "created";
  private volatile Instant queuedAt;
  private volatile Instant startedAt;
  private volatile Instant finishedAt;
  private volatile String failureReason;
  private volatile boolean retried;
  private volatile int attempt;

  public Job(long id, Pipeline pipeline, String name, String stage, Instant createdAt) {
    this.id = id;
    this.pipeline = pipeline;
    this.name = name;
    this.stage = stage;
    this.createdAt = createdAt;
  }

  /** Whether a status is final (success, failed, canceled, skipped). */
  public static boolean isTerminal(String status) {
    return TERMINAL.contains(status);
  }

  public String status() {
    return status;
  }

  /** Moves the job to a status, recording the timestamps GitLab records for it. */
  public void status(String newStatus, Instant at) {
    status = newStatus;
    switch (newStatus) {
      case "pending" -> queuedAt = at;
      case "running" -> startedAt = at;
      case "created" -> {
        queuedAt = null;
        startedAt = null;
        finishedAt = null;
        failureReason = null;
      }
      default -> finishedAt = isTerminal(newStatus) && startedAt != null ? at : finishedAt;
    }
    if ("failed".equals(newStatus) && failureReason == null) {
      failureReason = "script_failure";
    }
    pipeline.touch(at);
  }

  public Optional<String> failureReason() {
    return Optional.ofNullable(failureReason);
  }

  public Optional<Instant> startedAt() {
    return Optional.ofNullable(startedAt);
  }

  public Optional<Instant> finishedAt() {
    return Optional.ofNullable(finishedAt);
  }

  public Optional<Instant> queuedAt() {
    return Optional.ofNullable(queuedAt);
  }

  /** Seconds between start and finish, or start and now while running. */
  public Optional<Double> duration() {
    if (startedAt == null) {
      return Optional.empty();
    }
    Instant end = finishedAt != null ? finishedAt : pipeline.updatedAt();
    return Optional.of(Math.max(0, Duration.between(startedAt, end).toMillis()) / 1000.0);
  }

  /** Seconds spent waiting for a runner. */
  public Optional<Double> queuedDuration() {
    if (queuedAt == null) {
      return Optional.empty();
    }
    Instant end = startedAt != null ? startedAt : pipeline.updatedAt();
    return Optional.of(Math.max(0, Duration.between(queuedAt, end).toMillis()) / 1000.0);
  }

  public boolean retried() {
    return retried;
  }

  public void markRetried() {
    retried = true;
  }

  /** Increments and returns the run attempt; steps of an older attempt are ignored. */
  public int nextAttempt() {
    return ++attempt;
  }

  public int attempt() {
    return attempt;
  }

  public void appendTrace(String text) {
    trace.append(text);
  }

  /** Appends the next {@code bytes} of generated bulk output. */
  public void appendTrace(GeneratedText text, long bytes) {
    trace.append(text, bytes);
  }

  /** The whole log as text. */
  public String trace() {
    return trace.text();
  }

  /** The log, to read a part of it without the rest. */
  public TraceText traceText() {
    return trace;
  }
}
