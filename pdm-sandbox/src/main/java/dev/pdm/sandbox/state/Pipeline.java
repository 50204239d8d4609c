package dev.pdm.sandbox.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A pipeline and its jobs; progressed by the CI engine on the sandbox clock. */
public final class Pipeline {
  public final long id;
  public final long iid;
  public final Project project;
  public final String ref;
  public final String sha;
  public final String source;
  public final User user;
  public final List<Variable> variables;
  public final List<String> stages;
  public final Instant createdAt;
  private final List<Job> jobs = new CopyOnWriteArrayList<>();
  private volatile String status = "created";
  private volatile Instant updatedAt;
  private volatile Instant startedAt;
  private volatile Instant finishedAt;
  private volatile boolean committed = true;
  private volatile boolean deleted;

  public Pipeline(long id, long iid, Project project, String ref, String sha, String source,
      User user, List<Variable> variables, List<String> stages, Instant createdAt) {
    this.id = id;
    this.iid = iid;
    this.project = project;
    this.ref = ref;
    this.sha = sha;
    this.source = source;
    this.user = user;
    this.variables = List.copyOf(variables);
    this.stages = List.copyOf(stages);
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
  }

  public String status() {
    return status;
  }

  /** Sets the status; a terminal status records finished_at, running records started_at once. */
  public void status(String newStatus, Instant at) {
    status = newStatus;
    updatedAt = at;
    if ("running".equals(newStatus) && startedAt == null) {
      startedAt = at;
    }
    finishedAt = Job.isTerminal(newStatus) ? at : null;
  }

  /**
   * Whether GitLab has committed the pipeline: an uncommitted one (a late commit) is invisible
   * to the API and webhooks and does not run yet.
   */
  public boolean committed() {
    return committed;
  }

  /** Holds the pipeline back until {@link #commit()}. */
  public void holdUncommitted() {
    committed = false;
  }

  /** Makes a held pipeline visible. */
  public void commit() {
    committed = true;
  }

  /** Whether the pipeline was deleted (it then never runs again). */
  public boolean deleted() {
    return deleted;
  }

  void markDeleted() {
    deleted = true;
  }

  public void touch(Instant at) {
    updatedAt = at;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public Optional<Instant> startedAt() {
    return Optional.ofNullable(startedAt);
  }

  public Optional<Instant> finishedAt() {
    return Optional.ofNullable(finishedAt);
  }

  /** Seconds spent running: the sum of the latest jobs' durations, as GitLab counts it. */
  public Optional<Long> durationSeconds() {
    if (startedAt == null) {
      return Optional.empty();
    }
    double total = latestJobs().stream().map(Job::duration).flatMap(Optional::stream)
        .mapToDouble(Double::doubleValue).sum();
    return Optional.of(Math.round(total));
  }

  /** Seconds between creation and start. */
  public Optional<Double> queuedDurationSeconds() {
    return startedAt().map(s -> Duration.between(createdAt, s).toMillis() / 1000.0);
  }

  public void addJob(Job job) {
    jobs.add(job);
  }

  /** Every job including retried ones, in creation order. */
  public List<Job> allJobs() {
    return List.copyOf(jobs);
  }

  /** Jobs that were not replaced by a retry. */
  public List<Job> latestJobs() {
    return jobs.stream().filter(j -> !j.retried()).toList();
  }

  /** The value of a pipeline variable. */
  public Optional<String> variable(String key) {
    return variables.stream().filter(v -> v.key().equals(key)).map(Variable::value).findFirst();
  }
}
