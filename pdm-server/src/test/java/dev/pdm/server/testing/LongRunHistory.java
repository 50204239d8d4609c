package dev.pdm.server.testing;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.gitlab.GitLabClientOptions;
import dev.pdm.core.run.CheckVerdict;
import dev.pdm.core.run.CiStatus;
import dev.pdm.core.run.DeployedPackage;
import dev.pdm.core.run.DeploymentProject;
import dev.pdm.core.run.PackageSnapshot;
import dev.pdm.core.run.RunEvent;
import dev.pdm.core.run.RunPlan;
import dev.pdm.core.run.Stage;
import dev.pdm.core.triage.JobLogStream;
import dev.pdm.server.orchestrator.CommandExecutors;
import dev.pdm.server.orchestrator.MigrationWatch;
import dev.pdm.server.orchestrator.Orchestrator;
import dev.pdm.server.orchestrator.OrchestratorObserver;
import dev.pdm.server.orchestrator.PlanLayout;
import dev.pdm.server.orchestrator.RunFollower;
import dev.pdm.server.orchestrator.RunPreparer;
import dev.pdm.server.store.LogTailWrite;
import dev.pdm.server.store.MigrationDurations;
import dev.pdm.server.store.RunLeases;
import dev.pdm.server.store.RunStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A long run's history, written through pdm's own orchestrator and store as pdm would live it, but without GitLab: the
 * staging migration fails again and again and is retried each time with a reason, and its job's log streams in
 * between. Each retry adds an attempt and a decision to the run, so the run's state grows all along, as it does in a
 * run that lasts hours. Nothing executes the commands the transitions ask for.
 */
public final class LongRunHistory {
  /** Events of one cycle that are state machine events (the rest are JobLog reads). */
  public static final int MACHINE_EVENTS_PER_CYCLE = 8;
  private static final String STAGE = "migrate-gstg";
  private static final String JOB = "gstg-postdeploy-migrations";
  private static final String LOG_LINE = "main: -- execute(\"UPDATE \\\"ci_builds\\\" SET \\\"partition_id\\\" = 102"
      + " WHERE \\\"id\\\" BETWEEN 000000000001 AND 000000001000\")";
  /** Log reads of each cycle stored by pdm itself; the rest of the cycle's reads are stored in bulk. */
  private static final int STORED_BY_PDM = 3;
  private final Orchestrator orchestrator;
  private final Pool pool;
  private final Instant start = Instant.parse("2026-11-24T08:00:00Z");

  private LongRunHistory(Orchestrator orchestrator, Pool pool) {
    this.orchestrator = orchestrator;
    this.pool = pool;
  }

  /**
   * A writer on {@code store}: an orchestrator that was stopped before it started, so that it stores transitions and
   * never drives a run (its GitLab is nowhere).
   */
  public static Future<LongRunHistory> on(Vertx vertx, Pool pool, RunStore store) {
    GitLabClient nowhere = new GitLabClient(vertx, GitLabClientOptions.of("http://127.0.0.1:9", "unused"));
    PdmConfig config = TestConfig.onRandomPort();
    RunFollower follower = new RunFollower(nowhere, new PlanLayout(config), Clock.systemUTC(), Duration.ofSeconds(5),
        store, new JobLogStream(vertx, nowhere, config.jobLog().windowBytes()), config.jobLog(),
        OrchestratorObserver.NONE, new MigrationWatch(new MigrationDurations(pool), new PlanLayout(config),
            config.budgets(), Clock.systemUTC()));
    Orchestrator orchestrator = new Orchestrator(vertx, store, new RunLeases(pool), new CommandExecutors(), List.of(follower),
        "history-writer", Duration.ofSeconds(15), Clock.systemUTC(), 8, OrchestratorObserver.NONE);
    return orchestrator.stop(Duration.ZERO).map(new LongRunHistory(orchestrator, pool));
  }

  /**
   * Writes a run of {@code cycles} failed attempts (each retried but the last), each with {@code logReads} reads of
   * its job's log; completes with the run's id.
   */
  public Future<UUID> write(int cycles, int logReads) {
    UUID runId = UUID.randomUUID();
    PackageSnapshot packages = new PackageSnapshot(List.of(
        new DeployedPackage("gstg", DeploymentProject.CANONICAL, "17-6-auto-deploy-2024110808", "a1b2c3d4e5f6"),
        new DeployedPackage("gprd", DeploymentProject.CANONICAL, "17-6-auto-deploy-2024110808", "a1b2c3d4e5f6")));
    RunEvent.RunRequested request = new RunEvent.RunRequested(runId.toString(), RunPlan.standard("gstg", "gprd"),
        "release-manager", packages, start);
    Future<Void> written = orchestrator.start(new RunPreparer.Prepared(request, Map.of()), Optional.empty()).mapEmpty();
    for (int cycle = 0; cycle < cycles; cycle++) {
      int c = cycle;
      written = written.compose(v -> cycle(runId, c, logReads));
    }
    return written.map(runId);
  }

  /** One attempt: checks pass, the pipeline is triggered, the job runs and logs, fails, is triaged, and is retried. */
  private Future<Void> cycle(UUID runId, int cycle, int logReads) {
    Instant at = start.plus(Duration.ofMinutes(10L * cycle));
    long pipeline = 1_870_000_000L + cycle;
    long job = 8_260_000_000L + cycle;
    String url = "https://gitlab.example.com/gitlab-com/gl-infra/deployer/-/jobs/" + job;
    Future<Void> retried = cycle == 0 ? Future.succeededFuture()
        : submit(runId, new RunEvent.RetryRequested(STAGE, "release-manager", "retry " + cycle
            + ": the lock timeout was raised", at));
    return retried.compose(v -> stage(runId)).compose(stage -> submit(runId, new RunEvent.ChecksCompleted(STAGE,
            stage.checkRound(), List.of(new CheckVerdict("no active incident", CheckVerdict.Outcome.PASS, List.of(),
                List.of()), new CheckVerdict("no change in progress", CheckVerdict.Outcome.PASS, List.of(), List.of())),
            Optional.empty(), at.plusSeconds(1))))
        .compose(v -> stage(runId))
        .compose(stage -> {
          int attempt = stage.attemptNumber();
          return submit(runId, new RunEvent.TriggerSent(STAGE, attempt, 1, "gitlab-com/gl-infra/deployer", "master",
                  at.plusSeconds(2)))
              .compose(x -> submit(runId, new RunEvent.PipelineTriggered(STAGE, attempt, pipeline,
                  url.replace("/jobs/" + job, "/pipelines/" + pipeline), false, at.plusSeconds(3))))
              .compose(x -> submit(runId, new RunEvent.JobStatusChanged(STAGE, pipeline, job, JOB, CiStatus.RUNNING,
                  url, at.plusSeconds(30))))
              .compose(x -> logReads(runId, job, logReads))
              .compose(x -> submit(runId, new RunEvent.JobStatusChanged(STAGE, pipeline, job, JOB, CiStatus.FAILED,
                  url, at.plusSeconds(300))))
              .compose(x -> submit(runId, new RunEvent.PipelineStatusChanged(STAGE, pipeline, CiStatus.FAILED,
                  at.plusSeconds(301))))
              .compose(x -> submit(runId, new RunEvent.TriageCompleted(STAGE, attempt,
                  "20241106150244 CreateCiJobTokenAuthorizationsArchive: PG::LockNotAvailable: canceling statement"
                      + " due to lock timeout", Optional.of("https://gitlab.example.com/incidents/" + cycle),
                  at.plusSeconds(330))));
        });
  }

  /**
   * {@code reads} reads of the job's log, of 4,000 bytes and 20 lines each: the first ones stored by pdm
   * ({@link Orchestrator#logRead}), the others in one transaction that stores what {@code RunStore.appendLogRead} would
   * (the events, the run's last seq, the job's log tail), so that a run of thousands of events is written in seconds.
   */
  private Future<Void> logReads(UUID runId, long job, int reads) {
    Future<Void> written = Future.succeededFuture();
    for (int read = 0; read < Math.min(reads, STORED_BY_PDM); read++) {
      LogTailWrite write = logRead(runId, job, read);
      written = written.compose(v -> orchestrator.logRead(write).mapEmpty());
    }
    return reads <= STORED_BY_PDM ? written : written.compose(v -> bulkLogReads(runId, job, STORED_BY_PDM, reads));
  }

  private Future<Void> bulkLogReads(UUID runId, long job, int first, int reads) {
    int count = reads - first;
    return pool.withTransaction(conn -> conn.preparedQuery(
            "UPDATE runs SET last_seq = last_seq + $2, updated_at = now() WHERE id = $1 RETURNING last_seq")
        .execute(Tuple.of(runId, count))
        .compose(rows -> {
          long lastSeq = rows.iterator().next().getLong("last_seq");
          List<Tuple> events = new ArrayList<>();
          for (int i = 0; i < count; i++) {
            events.add(Tuple.of(runId, lastSeq - count + 1 + i, "JobLog", logRead(runId, job, first + i).event()));
          }
          LogTailWrite last = logRead(runId, job, reads - 1);
          return conn.preparedQuery("INSERT INTO run_events (run_id, seq, type, payload) VALUES ($1, $2, $3, $4)")
              .executeBatch(events)
              .compose(x -> conn.preparedQuery("UPDATE job_log_tails SET resume_offset = $3, lines = $4, seq = $5 "
                  + "WHERE run_id = $1 AND job_id = $2").execute(Tuple.of(runId, job, last.toOffset(), last.lines(),
                  lastSeq)));
        })).mapEmpty();
  }

  private static LogTailWrite logRead(UUID runId, long job, int read) {
    long from = read * 4_000L;
    JsonArray lines = new JsonArray();
    for (int line = 0; line < 20; line++) {
      lines.add(LOG_LINE);
    }
    JsonObject event = new JsonObject().put("stage_id", STAGE).put("job_id", job).put("from_offset", from)
        .put("to_offset", from + 4_000).put("lines", lines).put("skipped_lines", 0).put("migrated", 1)
        .put("complete", false).put("current_migration", new JsonObject().put("version", "20241106150244")
            .put("class_name", "CreateCiJobTokenAuthorizationsArchive"));
    return new LogTailWrite(runId, job, STAGE, from, from + 4_000, event.getJsonObject("current_migration"), 1, false,
        lines, event);
  }

  private Future<Void> submit(UUID runId, RunEvent event) {
    return orchestrator.submit(runId, event, Optional.empty()).mapEmpty();
  }

  private Future<Stage> stage(UUID runId) {
    return orchestrator.load(runId).map(found -> found.orElseThrow().record().run().stage(STAGE).orElseThrow());
  }

  /** The first cycle's events are {@code 1 + }this many per cycle: what a cycle of {@code logReads} reads stores. */
  public static int eventsPerCycle(int logReads) {
    return MACHINE_EVENTS_PER_CYCLE + logReads;
  }
}
