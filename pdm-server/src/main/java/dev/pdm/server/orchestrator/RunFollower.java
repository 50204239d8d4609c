package dev.pdm.server.orchestrator;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.gitlab.GitLabException;
import dev.pdm.core.hooks.GitLabObservation;
import dev.pdm.core.run.Attempt;
import dev.pdm.core.run.CiStatus;
import dev.pdm.core.run.FollowedJob;
import dev.pdm.core.run.FollowedPipeline;
import dev.pdm.core.run.RunEvent;
import dev.pdm.core.run.SentTrigger;
import dev.pdm.core.run.Stage;
import dev.pdm.core.run.StageStatus;
import dev.pdm.core.triage.JobLogStream;
import dev.pdm.core.triage.MigrationLog;
import dev.pdm.server.store.RunStore;
import dev.pdm.server.store.StoredRun;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.gitlab4j.api.models.Job;
import org.gitlab4j.api.models.Pipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps runs current with GitLab. What moves a run is what GitLab's API says: the runs this replica drives are polled
 * (their followed pipelines and jobs, their migration job's log through {@link JobLogTailer}, and the marker of a
 * trigger in doubt), and a webhook is only a hint to read the pipeline it names from the API now rather than at the
 * next poll.
 */
public final class RunFollower implements RunWatch {
  private static final Logger LOG = LoggerFactory.getLogger(RunFollower.class);
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(15);
  private final GitLabClient gitLab;
  private final PlanLayout plan;
  private final Clock clock;
  private final Duration interval;
  private final RunStore store;
  private final JobLogTailer logs;
  /**
   * When each attempt was last polled, on the monotonic clock: the polling cadence spends GitLab calls in real time,
   * also where pdm's clock is the sandbox's simulated one (a still simulated clock must not stop the polls).
   */
  private final Map<String, Long> lastPolled = new HashMap<>();
  private final Set<UUID> following = new HashSet<>();
  private final Map<Long, Boolean> reading = new HashMap<>();
  private final FollowingRuns followingRuns;
  private final MigrationWatch watch;

  public RunFollower(GitLabClient gitLab, PlanLayout plan, Clock clock, Duration interval, RunStore store,
      JobLogStream logStream, PdmConfig.JobLog logLimits, OrchestratorObserver observer, MigrationWatch watch) {
    this.gitLab = gitLab;
    this.plan = plan;
    this.clock = clock;
    this.interval = interval;
    this.store = store;
    this.followingRuns = new FollowingRuns(store::followingAny);
    this.logs = new JobLogTailer(store, logStream, logLimits, observer, watch, clock);
    this.watch = watch;
  }

  /**
   * Polls the run's followed pipelines (and searches for the pipeline of a trigger in doubt) when the polling interval
   * has passed since the last poll, and reads what is new in each migration job's log. One poll per run at a time.
   */
  @Override
  public void follow(Orchestrator.Loaded loaded, Orchestrator orchestrator) {
    RunRecord record = loaded.record();
    UUID runId = UUID.fromString(record.run().id());
    if (record.run().status().isTerminal() || !following.add(runId)) {
      return;
    }
    List<Future<Void>> polls = new ArrayList<>();
    Instant now = clock.instant();
    for (Stage stage : record.run().stages()) {
      Optional<Attempt> attempt = stage.currentAttempt();
      if (attempt.isEmpty() || !due(runId, stage, attempt.get())) {
        continue;
      }
      Future<Stage> poll = stage.status() == StageStatus.TRIGGER_UNCERTAIN
          ? searchForUncertain(orchestrator, record, stage, attempt.get()).map(stage)
          : followed(stage).map(p -> observePipeline(orchestrator, loaded, stage, p.id())
                  .map(ended -> ended.orElse(stage)))
              .orElse(Future.succeededFuture(stage));
      Optional<RunEvent> slow = timedOut(stage, now);
      if (slow.isPresent()) {
        poll = poll.compose(polled -> orchestrator.submit(runId, slow.get(), Optional.empty()).map(polled));
      }
      polls.add(poll.compose(polled -> logs.read(orchestrator::logRead, runId, polled, plan.project(polled))
              .compose(v -> reportRunningLong(orchestrator, runId, polled)))
          .recover(err -> {
            LOG.warn("run {} stage {}: polling GitLab failed: {}", runId, stage.id(), err.getMessage());
            return Future.succeededFuture();
          }));
    }
    Future.join(polls).onComplete(done -> following.remove(runId));
  }

  /**
   * Whether this poll saw the stage's migration job (or, not known yet, any job) finish: its log is then read to its
   * end in this poll, from the stage as stored now, since a run that ends with it is not followed again.
   */
  private static boolean endsFollowedJob(Stage stage, List<RunEvent> events) {
    Optional<FollowedJob> job = stage.currentAttempt().flatMap(Attempt::job);
    return events.stream().anyMatch(e -> e instanceof RunEvent.JobStatusChanged changed && changed.status().isFinished()
        && job.map(j -> j.id() == changed.jobId() && !j.status().isFinished()).orElse(true));
  }

  /**
   * What GitLab's API says of the stage's pipeline now, applied to the run; when it saw the stage's migration job
   * finish, the stage as stored after that (its log is then read to its end, since a run that ends with it is not
   * followed again), else empty.
   */
  private Future<Optional<Stage>> observePipeline(Orchestrator orchestrator, Orchestrator.Loaded loaded, Stage stage,
      long pipelineId) {
    UUID runId = UUID.fromString(loaded.record().run().id());
    return currentEvents(stage, pipelineId).compose(events -> submit(orchestrator, loaded, events)
        .compose(v -> endsFollowedJob(stage, events) ? current(orchestrator, runId, stage).map(Optional::of)
            : Future.succeededFuture(Optional.<Stage>empty())));
  }

  /** A webhook saw the stage's migration job finish: its log is read to its end now. */
  private Future<Void> readToEnd(Orchestrator orchestrator, UUID runId, Stage now) {
    return logs.read(orchestrator::logRead, runId, now, plan.project(now)).recover(err -> {
      LOG.warn("run {} stage {}: reading the job's log failed: {}", runId, now.id(), err.getMessage());
      return Future.succeededFuture();
    });
  }

  /** The stage as stored now (as {@code stage} if the run is gone). */
  private static Future<Stage> current(Orchestrator orchestrator, UUID runId, Stage stage) {
    return orchestrator.load(runId).map(found -> found.flatMap(l -> l.record().run().stage(stage.id())).orElse(stage));
  }

  private boolean due(UUID runId, Stage stage, Attempt attempt) {
    boolean watched = stage.status() == StageStatus.RUNNING || stage.status() == StageStatus.TRIGGER_UNCERTAIN
        || (attempt.job().isPresent() && !tailed(runId, attempt.job().get()));
    if (!watched) {
      return false;
    }
    String key = runId + "/" + stage.id() + "/" + attempt.number();
    long now = System.nanoTime();
    Long last = lastPolled.get(key);
    if (last != null && now - last < interval.toNanos()) {
      return false;
    }
    lastPolled.put(key, now);
    return true;
  }

  private boolean tailed(UUID runId, FollowedJob job) {
    return logs.complete(runId, job);
  }

  /** A StageTimedOut for a stage waiting on its pipeline longer than the plan allows, not yet reported. */
  private Optional<RunEvent> timedOut(Stage stage, Instant now) {
    Optional<Attempt> attempt = stage.currentAttempt();
    if (followed(stage).isEmpty() || attempt.isEmpty() || attempt.get().timedOutAt().isPresent()) {
      return Optional.empty();
    }
    Instant since = attempt.get().pipeline().map(FollowedPipeline::triggeredAt).orElse(now);
    Duration limit = Duration.ofSeconds(plan.stage(stage.id()).timeoutSeconds());
    return Duration.between(since, now).compareTo(limit) > 0
        ? Optional.of(new RunEvent.StageTimedOut(stage.id(), attempt.get().number(), now)) : Optional.empty();
  }

  @Override
  public void forget(UUID runId) {
    String prefix = runId + "/";
    lastPolled.keySet().removeIf(key -> key.startsWith(prefix));
    logs.forget(runId);
  }

  /**
   * The pipeline's and its followed job's statuses as GitLab's API reports them now, as events for the stage: the job
   * first, so that a finished pipeline is judged with its job known (the pipeline's other jobs are none of the run's
   * business); a pipeline GitLab no longer has is reported missing.
   */
  public Future<List<RunEvent>> currentEvents(Stage stage, long pipelineId) {
    String project = plan.project(stage);
    // Both reads at once: one GitLab round trip less between a webhook and its event on screen. Both are awaited,
    // and the pipeline's read speaks first, as when the jobs were read only once the pipeline had been.
    Future<Pipeline> pipelineRead = gitLab.pipeline(project, pipelineId);
    Future<List<Job>> jobsRead = gitLab.pipelineJobs(project, pipelineId).all();
    return Future.join(pipelineRead, jobsRead)
        .map(both -> {
          Instant at = clock.instant();
          List<RunEvent> events = new ArrayList<>();
          Optional<String> followedJob = stage.spec().followedJobName();
          for (Job job : jobsRead.result()) {
            if (followedJob.isPresent() && !followedJob.get().equals(job.getName())) {
              continue;
            }
            CiStatus.fromGitLab(job.getStatus() == null ? "" : job.getStatus().toValue()).ifPresent(status ->
                events.add(new RunEvent.JobStatusChanged(stage.id(), pipelineId, job.getId(), job.getName(), status,
                    String.valueOf(job.getWebUrl()), at)));
          }
          pipelineStatus(pipelineRead.result()).ifPresent(status ->
              events.add(new RunEvent.PipelineStatusChanged(stage.id(), pipelineId, status, at)));
          return events;
        })
        .recover(err -> {
          Throwable cause = pipelineRead.failed() ? pipelineRead.cause() : jobsRead.failed() ? jobsRead.cause() : err;
          return GitLabException.isNotFound(cause)
              ? Future.succeededFuture(
                  List.<RunEvent>of(new RunEvent.PipelineMissing(stage.id(), pipelineId, clock.instant())))
              : Future.failedFuture(cause);
        });
  }

  /**
   * A webhook named a pipeline or job: reads that pipeline from the API for every active run following it (found with
   * an indexed read shared by the pipelines named meanwhile, each run loaded once). Nothing in the payload moves a
   * run; a burst of hooks for one pipeline causes one read at a time, and one more after it.
   */
  public Future<Void> observe(GitLabObservation observation, Orchestrator orchestrator) {
    Optional<Long> pipelineId = observation instanceof GitLabObservation.PipelineObserved p ? Optional.of(p.pipelineId())
        : observation instanceof GitLabObservation.JobObserved j ? Optional.of(j.pipelineId()) : Optional.empty();
    if (pipelineId.isEmpty()) {
      return Future.succeededFuture();
    }
    long id = pipelineId.get();
    if (reading.containsKey(id)) {
      reading.put(id, true);
      return Future.succeededFuture();
    }
    reading.put(id, false);
    return followingRuns.of(id)
        .compose(runs -> {
          List<Future<Void>> reads = new ArrayList<>();
          for (StoredRun run : runs) {
            Orchestrator.Loaded loaded = Orchestrator.Loaded.of(run);
            for (Stage stage : loaded.record().run().stages()) {
              if (followed(stage).filter(p -> p.id() == id).isPresent()) {
                reads.add(observePipeline(orchestrator, loaded, stage, id).compose(ended -> ended
                    .map(now -> readToEnd(orchestrator, run.id(), now)).orElse(Future.succeededFuture())));
              }
            }
          }
          return Future.join(reads).<Void>mapEmpty();
        })
        .eventually(() -> Boolean.TRUE.equals(reading.remove(id)) ? observe(observation, orchestrator)
            : Future.succeededFuture());
  }

  /** What GitLab said of a run, applied to the run as it was loaded (loaded again only if it changed meanwhile). */
  private static Future<Void> submit(Orchestrator orchestrator, Orchestrator.Loaded loaded, List<RunEvent> events) {
    return events.isEmpty() ? Future.succeededFuture() : orchestrator.observed(loaded, events).mapEmpty();
  }

  /** A trigger in doubt: its attempt's own pipeline, should it appear, is followed without waiting for a person. */
  private Future<Void> searchForUncertain(Orchestrator orchestrator, RunRecord record, Stage stage, Attempt attempt) {
    Optional<SentTrigger> sent = attempt.trigger().lastSend();
    if (sent.isEmpty()) {
      return Future.succeededFuture();
    }
    String marker = TriggerExecutor.marker(record.run().id(), stage.id(), attempt.number());
    return gitLab.findPipelineByVariable(sent.get().project(), sent.get().ref(), TriggerExecutor.MARKER, marker,
            sent.get().at().minus(CLOCK_SKEW))
        .compose(found -> found.map(p -> orchestrator.submit(UUID.fromString(record.run().id()),
                new RunEvent.PipelineTriggered(stage.id(), attempt.number(), p.getId(), String.valueOf(p.getWebUrl()), true,
                    clock.instant()), Optional.empty()).<Void>mapEmpty())
            .orElse(Future.succeededFuture()));
  }

  /** The pipeline of the stage's current attempt while the stage runs. */
  private static Optional<FollowedPipeline> followed(Stage stage) {
    return stage.status() == StageStatus.RUNNING ? stage.currentAttempt().flatMap(Attempt::pipeline) : Optional.empty();
  }

  /** Reports the migration running now once it has run past its budget (production only; nothing is stopped). */
  private Future<Void> reportRunningLong(Orchestrator orchestrator, UUID runId, Stage stage) {
    Optional<FollowedJob> job = stage.currentAttempt().flatMap(Attempt::job);
    Optional<MigrationLog> progress = job.flatMap(j -> logs.progress(runId, j.id()));
    if (progress.isEmpty()) {
      return Future.succeededFuture();
    }
    return watch.runningLong(stage, job.get().id(), progress.get())
        .compose(event -> event.map(e -> orchestrator.submit(runId, e, Optional.empty()).<Void>mapEmpty())
            .orElse(Future.succeededFuture()));
  }

  private static Optional<CiStatus> pipelineStatus(Pipeline pipeline) {
    return pipeline.getStatus() == null ? Optional.empty() : CiStatus.fromGitLab(pipeline.getStatus().toValue());
  }
}
