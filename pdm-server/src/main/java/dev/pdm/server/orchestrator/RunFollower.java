package dev.pdm.server.orchestrator;

import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.hooks.GitLabObservation;
import dev.pdm.core.run.Attempt;
import dev.pdm.core.run.CiStatus;
import dev.pdm.core.run.FollowedPipeline;
import dev.pdm.core.run.RunEvent;
import dev.pdm.core.run.Stage;
import dev.pdm.core.run.StageStatus;
import dev.pdm.core.triage.JobLogParser;
import dev.pdm.core.triage.MigrationLog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.gitlab4j.api.models.Job;
import org.gitlab4j.api.models.Pipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the runs this replica drives current with GitLab: polls the pipelines and jobs they follow (webhooks are
 * faster, polling makes sure nothing is missed), tails the migration job's log into the run's event log, and turns
 * webhook observations into events for the runs that follow the pipeline.
 */
public final class RunFollower {
  private static final Logger LOG = LoggerFactory.getLogger(RunFollower.class);
  private final GitLabClient gitLab;
  private final PlanLayout plan;
  private final Clock clock;
  private final Duration interval;
  private final Map<String, Instant> lastPolled = new HashMap<>();
  private final Map<String, LogTail> tails = new HashMap<>();
  private final OrchestratorObserver observer;

  public RunFollower(GitLabClient gitLab, PlanLayout plan, Clock clock, Duration interval,
      OrchestratorObserver observer) {
    this.observer = observer;
    this.gitLab = gitLab;
    this.plan = plan;
    this.clock = clock;
    this.interval = interval;
  }

  /**
   * Polls the run's followed pipelines when the polling interval has passed since the last poll, and reads what is
   * new in each migration job's log until the log of a finished job has been read to its end.
   */
  public Future<Void> follow(RunRecord record, Orchestrator orchestrator) {
    List<Future<Void>> polls = new ArrayList<>();
    UUID runId = UUID.fromString(record.run().id());
    Instant now = clock.instant();
    for (Stage stage : record.run().stages()) {
      Optional<FollowedPipeline> pipeline = stage.currentAttempt().flatMap(Attempt::pipeline);
      String key = record.run().id() + "/" + stage.id() + "/" + pipeline.map(FollowedPipeline::id).orElse(0L);
      Instant last = lastPolled.get(key);
      if (pipeline.isEmpty() || (last != null && Duration.between(last, now).compareTo(interval) < 0)) {
        continue;
      }
      lastPolled.put(key, now);
      Future<Void> statuses = followed(stage).isPresent()
          ? currentEvents(stage.id(), pipeline.get().id()).compose(events -> submitAll(orchestrator, runId, events))
          : Future.succeededFuture();
      Optional<RunEvent> slow = timedOut(stage, now);
      if (slow.isPresent()) {
        statuses = statuses.compose(v -> orchestrator.submit(runId, slow.get(), Optional.empty()).mapEmpty());
      }
      polls.add(statuses
          .compose(v -> tailLog(orchestrator, runId, stage))
          .recover(err -> {
            LOG.warn("run {} stage {}: polling pipeline {} failed: {}", runId, stage.id(), pipeline.get().id(),
                err.getMessage());
            return Future.succeededFuture();
          }));
    }
    return Future.join(polls).mapEmpty();
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

  /** Forgets what was polled and read for a run this replica no longer drives. */
  public void forget(UUID runId) {
    String prefix = runId + "/";
    lastPolled.keySet().removeIf(key -> key.startsWith(prefix));
    tails.keySet().removeIf(key -> key.startsWith(prefix));
  }

  /** The pipeline's and its jobs' statuses as GitLab reports them now, as events for the stage. */
  public Future<List<RunEvent>> currentEvents(String stageId, long pipelineId) {
    String project = plan.stage(stageId).project();
    return gitLab.pipeline(project, pipelineId)
        .compose(pipeline -> gitLab.pipelineJobs(project, pipelineId).all().map(jobs -> {
          Instant at = clock.instant();
          List<RunEvent> events = new ArrayList<>();
          for (Job job : jobs) {
            CiStatus.fromGitLab(job.getStatus() == null ? "" : job.getStatus().toValue()).ifPresent(status ->
                events.add(new RunEvent.JobStatusChanged(stageId, pipelineId, job.getId(), job.getName(), status,
                    String.valueOf(job.getWebUrl()), at)));
          }
          pipelineStatus(pipeline).ifPresent(status ->
              events.add(new RunEvent.PipelineStatusChanged(stageId, pipelineId, status, at)));
          return events;
        }));
  }

  /** Turns a webhook observation into events for every active run following its pipeline. */
  public Future<Void> observe(GitLabObservation observation, List<RunRecord> active, Orchestrator orchestrator) {
    List<Future<Void>> submitted = new ArrayList<>();
    Instant at = clock.instant();
    for (RunRecord record : active) {
      UUID runId = UUID.fromString(record.run().id());
      for (Stage stage : record.run().stages()) {
        Optional<FollowedPipeline> pipeline = stage.currentAttempt().flatMap(Attempt::pipeline);
        if (pipeline.isEmpty()) {
          continue;
        }
        List<RunEvent> events = eventsFor(observation, stage.id(), pipeline.get(), at);
        if (!events.isEmpty()) {
          submitted.add(submitAll(orchestrator, runId, events));
        }
      }
    }
    return Future.join(submitted).mapEmpty();
  }

  private static List<RunEvent> eventsFor(GitLabObservation observation, String stageId, FollowedPipeline pipeline,
      Instant at) {
    List<RunEvent> events = new ArrayList<>();
    if (observation instanceof GitLabObservation.PipelineObserved p && p.pipelineId() == pipeline.id()) {
      for (GitLabObservation.JobObserved job : p.jobs()) {
        jobEvent(job, stageId, pipeline, at).ifPresent(events::add);
      }
      CiStatus.fromGitLab(p.status()).ifPresent(status ->
          events.add(new RunEvent.PipelineStatusChanged(stageId, pipeline.id(), status, at)));
    } else if (observation instanceof GitLabObservation.JobObserved job && job.pipelineId() == pipeline.id()) {
      jobEvent(job, stageId, pipeline, at).ifPresent(events::add);
    }
    return events;
  }

  private static Optional<RunEvent> jobEvent(GitLabObservation.JobObserved job, String stageId,
      FollowedPipeline pipeline, Instant at) {
    String jobUrl = pipeline.webUrl().replaceFirst("/-/pipelines/\\d+$", "/-/jobs/" + job.jobId());
    return CiStatus.fromGitLab(job.status()).map(status ->
        new RunEvent.JobStatusChanged(stageId, pipeline.id(), job.jobId(), job.name(), status, jobUrl, at));
  }

  private static Future<Void> submitAll(Orchestrator orchestrator, UUID runId, List<RunEvent> events) {
    Future<Void> chain = Future.succeededFuture();
    for (RunEvent event : events) {
      chain = chain.compose(v -> orchestrator.submit(runId, event, Optional.empty()).mapEmpty());
    }
    return chain;
  }

  /** The pipeline of the stage's current attempt while the stage waits on it. */
  private static Optional<FollowedPipeline> followed(Stage stage) {
    if (stage.status() != StageStatus.RUNNING && stage.status() != StageStatus.TRIGGERING) {
      return Optional.empty();
    }
    return stage.currentAttempt().flatMap(Attempt::pipeline);
  }

  private Future<Void> tailLog(Orchestrator orchestrator, UUID runId, Stage stage) {
    Optional<dev.pdm.core.run.FollowedJob> job = stage.currentAttempt().flatMap(Attempt::job);
    if (job.isEmpty() || job.get().status() == CiStatus.CREATED || job.get().status() == CiStatus.PENDING) {
      return Future.succeededFuture();
    }
    long jobId = job.get().id();
    LogTail tail = tails.computeIfAbsent(runId + "/" + jobId, id -> new LogTail());
    if (tail.complete) {
      return Future.succeededFuture();
    }
    boolean jobFinished = job.get().status().isFinished();
    String project = plan.stage(stage.id()).project();
    return gitLab.jobTrace(project, jobId, tail.offset).compose(trace -> {
      if (trace.text().isEmpty()) {
        tail.complete = jobFinished;
        return Future.succeededFuture();
      }
      long from = tail.offset;
      List<String> lines = new ArrayList<>(tail.parser.feed(trace.text()));
      tail.offset = trace.nextOffset();
      if (jobFinished) {
        lines.addAll(tail.parser.finish());
        tail.complete = true;
      }
      MigrationLog log = tail.parser.snapshot();
      observer.migrationsFinished(stage.spec(), log.migrated().subList(tail.told, log.migrated().size()));
      tail.told = log.migrated().size();
      JsonObject note = new JsonObject().put("type", "JobLog").put("stage_id", stage.id()).put("job_id", jobId)
          .put("from_offset", from).put("to_offset", tail.offset).put("lines", new JsonArray(lines))
          .put("migrated", log.migrated().size()).put("complete", tail.complete);
      log.current().ifPresent(c -> note.put("current_migration", new JsonObject().put("version", c.version())
          .put("class_name", c.className())));
      return orchestrator.note(runId, "JobLog", note);
    });
  }

  private static Optional<CiStatus> pipelineStatus(Pipeline pipeline) {
    return pipeline.getStatus() == null ? Optional.empty() : CiStatus.fromGitLab(pipeline.getStatus().toValue());
  }

  /** How far this replica has read a job's log. */
  private static final class LogTail {
    private final JobLogParser.Incremental parser = JobLogParser.incremental();
    private long offset;
    private boolean complete;
    private int told;
  }
}
