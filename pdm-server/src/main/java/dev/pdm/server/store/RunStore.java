package dev.pdm.server.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs, their event logs and the audit trail in PostgreSQL. Every change is one transaction that updates the run,
 * appends its events with the next sequence numbers and notifies {@value #CHANNEL}, so every replica hears of it.
 */
public final class RunStore {
  /**
   * The NOTIFY channel; the payload is {@code {"run_id": "...", "seq": N, "first": F}}: the run's events F to N were
   * stored (N its newest).
   */
  public static final String CHANNEL = "pdm_events";
  private static final String RUN_COLUMNS =
      "id, plan_id, status, active, requested_by, state, last_seq, created_at, updated_at";
  private static final String TAIL_COLUMNS =
      "stage_id, job_id, resume_offset, running, migrated, complete, lines, seq";
  private static final String UNIQUE_VIOLATION = "23505";
  private final Pool pool;

  public RunStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Creates a run unless the same request made one already ({@code idempotencyKey}) or another run of the plan is
   * active; the database decides, so concurrent requests make exactly one run.
   */
  public Future<CreateOutcome> create(UUID id, String planId, String requestedBy, Optional<String> idempotencyKey,
      RunChange first) {
    return pool.withTransaction(conn -> conn.preparedQuery(
            "INSERT INTO runs (id, plan_id, status, active, requested_by, idempotency_key, state, last_seq) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7, 0)")
        .execute(Tuple.of(id, planId, first.status(), first.active(), requestedBy, idempotencyKey.orElse(null),
            first.state()))
        .compose(inserted -> writeChange(conn, id, 0, first)))
        .<CreateOutcome>map(CreateOutcome.Created::new)
        .recover(err -> isUniqueViolation(err)
            ? existingFor(planId, idempotencyKey).compose(existing -> existing
                .map(Future::succeededFuture)
                // The conflicting run ended between our insert and our look-up: the plan is free now, try again.
                .orElseGet(() -> create(id, planId, requestedBy, idempotencyKey, first)))
            : Future.failedFuture(err));
  }

  /**
   * Applies a transition computed from the run as of event {@code expectedSeq}; fails with
   * {@link StaleRunException} when the run moved on since, so that a decision is never made on an old state, and
   * with {@link LeaseLostException} when {@code fence} is given and no longer holds.
   */
  public Future<StoredRun> change(UUID id, long expectedSeq, RunChange change, Optional<RunLeases.Claim> fence) {
    return pool.withTransaction(conn -> fenced(conn, fence).compose(v -> writeChange(conn, id, expectedSeq, change)));
  }

  /** As {@link #change(UUID, long, RunChange, Optional)} with no fence: observations and people's decisions. */
  public Future<StoredRun> change(UUID id, long expectedSeq, RunChange change) {
    return change(id, expectedSeq, change, Optional.empty());
  }

  /**
   * Stores a command's outcome (the transition it caused) and settles the command ({@code done}, or {@code failed}
   * once its retry budget is spent) in one transaction, under the executor's claim on the run: a crash can no longer
   * fall between the two, and an executor that lost the run stores nothing.
   */
  public Future<StoredRun> complete(PendingCommand command, long expectedSeq, RunChange change, RunLeases.Claim fence,
      boolean failed, String outcome) {
    return pool.withTransaction(conn -> RunLeases.verify(conn, fence)
        .compose(v -> writeChange(conn, command.runId(), expectedSeq, change))
        .compose(run -> conn.preparedQuery("UPDATE run_commands SET status = $4, done_at = now(), "
                + "attempts = attempts + 1, outcome = $5 WHERE run_id = $1 AND seq = $2 AND idx = $3 AND status = 'pending'")
            .execute(Tuple.of(command.runId(), command.seq(), command.idx(), failed ? "failed" : "done", outcome))
            .compose(rows -> rows.rowCount() == 1 ? Future.succeededFuture(run)
                : Future.<StoredRun>failedFuture(new StaleRunException(command.runId(), expectedSeq)))));
  }

  private static Future<Void> fenced(SqlConnection conn, Optional<RunLeases.Claim> fence) {
    return fence.map(claim -> RunLeases.verify(conn, claim)).orElse(Future.succeededFuture());
  }

  public Future<Optional<StoredRun>> get(UUID id) {
    return pool.preparedQuery("SELECT " + RUN_COLUMNS + " FROM runs WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toRun(rows.iterator().next())));
  }

  /** Runs newest first, optionally by status, created before {@code before} (for paging). */
  public Future<List<StoredRun>> list(Optional<String> status, Optional<OffsetDateTime> before, int limit) {
    return pool.preparedQuery("SELECT " + RUN_COLUMNS + " FROM runs "
            + "WHERE ($1::text IS NULL OR status = $1) AND ($2::timestamptz IS NULL OR created_at < $2) "
            + "ORDER BY created_at DESC, id LIMIT $3")
        .execute(Tuple.of(status.orElse(null), before.orElse(null), limit))
        .map(rows -> {
          List<StoredRun> runs = new ArrayList<>();
          rows.forEach(row -> runs.add(toRun(row)));
          return runs;
        });
  }

  /** Every run not yet finished, oldest first. */
  public Future<List<StoredRun>> active() {
    return runs("SELECT " + RUN_COLUMNS + " FROM runs WHERE active ORDER BY created_at");
  }

  /**
   * Every run something must be done for, oldest first: unfinished runs, finished ones with commands still pending (an
   * announcement of their end, a record step an operator asked to redo), and those with an incident workflow pdm still
   * follows.
   */
  public Future<List<StoredRun>> withWork() {
    return runs("SELECT " + RUN_COLUMNS + " FROM runs r WHERE r.active OR r.incident_open OR EXISTS (SELECT 1 FROM "
        + "run_commands c WHERE c.run_id = r.id AND c.status = 'pending') ORDER BY created_at");
  }

  private Future<List<StoredRun>> runs(String query) {
    return pool.query(query).execute()
        .map(rows -> {
          List<StoredRun> runs = new ArrayList<>();
          rows.forEach(row -> runs.add(toRun(row)));
          return runs;
        });
  }

  /** The run's events after {@code seq}, in order, at most {@code limit}. */
  public Future<List<StoredEvent>> eventsAfter(UUID runId, long seq, int limit) {
    return pool.preparedQuery("SELECT run_id, seq, type, payload, at FROM run_events "
            + "WHERE run_id = $1 AND seq > $2 ORDER BY seq LIMIT $3")
        .execute(Tuple.of(runId, seq, limit))
        .map(rows -> {
          List<StoredEvent> events = new ArrayList<>();
          rows.forEach(row -> events.add(new StoredEvent(row.getUUID("run_id"), row.getLong("seq"),
              row.getString("type"), (JsonObject) row.getValue("payload"),
              row.getOffsetDateTime("at").toInstant())));
          return events;
        });
  }

  /** The audit trail of a run, oldest first. */
  public Future<List<JsonObject>> audit(UUID runId) {
    return pool.preparedQuery("SELECT actor, action, reason, detail, at FROM audit_log WHERE run_id = $1 ORDER BY id")
        .execute(Tuple.of(runId))
        .map(rows -> {
          List<JsonObject> entries = new ArrayList<>();
          rows.forEach(row -> entries.add(new JsonObject().put("actor", row.getString("actor"))
              .put("action", row.getString("action")).put("reason", row.getString("reason"))
              .put("detail", row.getValue("detail")).put("at", row.getOffsetDateTime("at").toInstant().toString())));
          return entries;
        });
  }

  private Future<StoredRun> writeChange(SqlConnection conn, UUID id, long expectedSeq, RunChange change) {
    int count = change.events().size();
    return conn.preparedQuery("UPDATE runs SET status = $2, active = $3, state = $4, last_seq = last_seq + $5, "
            + "updated_at = now(), followed_pipelines = $7 WHERE id = $1 AND last_seq = $6 RETURNING " + RUN_COLUMNS)
        .execute(Tuple.of(id, change.status(), change.active(), change.state(), count, expectedSeq,
            change.followedPipelines().toArray(Long[]::new)))
        .compose(rows -> rows.size() == 0
            ? Future.<StoredRun>failedFuture(new StaleRunException(id, expectedSeq))
            : Future.succeededFuture(toRun(rows.iterator().next())))
        .compose(run -> appendEvents(conn, id, expectedSeq, change.events()).map(run))
        .compose(run -> appendCommands(conn, id, run.lastSeq(), change.commands()).map(run))
        .compose(run -> change.audit().map(a -> conn.preparedQuery(
                "INSERT INTO audit_log (run_id, actor, action, reason, detail) VALUES ($1, $2, $3, $4, $5)")
            .execute(Tuple.of(id, a.actor(), a.action(), a.reason().orElse(null), a.detail())).map(run))
            .orElse(Future.succeededFuture(run)))
        .compose(run -> count == 0 ? Future.succeededFuture(run) : notify(conn, id, expectedSeq + 1, run.lastSeq()).map(run));
  }

  /** Tells every replica that the run's events {@code first} to {@code last} were stored. */
  private static Future<Void> notify(SqlConnection conn, UUID id, long first, long last) {
    return conn.preparedQuery("SELECT pg_notify($1, $2)")
        .execute(Tuple.of(CHANNEL, new JsonObject().put("run_id", id.toString()).put("seq", last).put("first", first)
            .encode()))
        .mapEmpty();
  }

  /**
   * Stores a read of a job's log: the run's next event (a {@code JobLog} carrying the lines read) and the job's log
   * tail (where reading goes on from, the latest lines), in one transaction, and only if the stored tail still reads
   * on from {@code write.fromOffset()}: two readers of the same lines (a replica that lost the run, a restart) never
   * store them twice. An observation, so not fenced; it fails with {@link StaleLogException} when someone else stored
   * that read first.
   */
  public Future<Long> appendLogRead(LogTailWrite write) {
    UUID id = write.runId();
    return pool.withTransaction(conn -> conn.preparedQuery(
            "UPDATE runs SET last_seq = last_seq + 1, updated_at = now() WHERE id = $1 RETURNING last_seq")
        .execute(Tuple.of(id))
        .compose(rows -> rows.size() == 0 ? Future.<Long>failedFuture(new StaleRunException(id, -1))
            : Future.succeededFuture(rows.iterator().next().getLong("last_seq")))
        .compose(seq -> conn.preparedQuery("INSERT INTO job_log_tails (run_id, job_id, stage_id, resume_offset, running, "
                + "migrated, complete, lines, seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
                + "ON CONFLICT (run_id, job_id) DO UPDATE SET resume_offset = EXCLUDED.resume_offset, "
                + "running = EXCLUDED.running, migrated = EXCLUDED.migrated, complete = EXCLUDED.complete, "
                + "lines = EXCLUDED.lines, seq = EXCLUDED.seq, updated_at = now() "
                + "WHERE job_log_tails.resume_offset = $10 AND NOT job_log_tails.complete")
            .execute(Tuple.from(new Object[] {id, write.jobId(), write.stageId(), write.toOffset(), write.running(),
                write.migrated(), write.complete(), write.lines(), seq, write.fromOffset()}))
            .compose(rows -> rows.rowCount() == 1 ? Future.succeededFuture(seq)
                : Future.<Long>failedFuture(new StaleLogException(id, write.jobId(), write.fromOffset()))))
        .compose(seq -> conn.preparedQuery("INSERT INTO run_events (run_id, seq, type, payload) VALUES ($1, $2, $3, $4)")
            .execute(Tuple.of(id, seq, "JobLog", write.event())).map(seq))
        .compose(seq -> notify(conn, id, seq, seq).map(seq)));
  }

  /** The stored tail of a job's log, if it was ever read. */
  public Future<Optional<StoredLogTail>> logTail(UUID runId, long jobId) {
    return pool.preparedQuery("SELECT " + TAIL_COLUMNS + " FROM job_log_tails WHERE run_id = $1 AND job_id = $2")
        .execute(Tuple.of(runId, jobId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toTail(rows.iterator().next())));
  }

  /** The stored job-log tails of these runs, oldest job first. */
  public Future<Map<UUID, List<StoredLogTail>>> logTails(Collection<UUID> runIds) {
    if (runIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery("SELECT run_id, " + TAIL_COLUMNS + " FROM job_log_tails WHERE run_id = ANY($1) "
            + "ORDER BY run_id, job_id")
        .execute(Tuple.of(runIds.toArray(UUID[]::new)))
        .map(rows -> {
          Map<UUID, List<StoredLogTail>> tails = new HashMap<>();
          rows.forEach(row -> tails.computeIfAbsent(row.getUUID("run_id"), id -> new ArrayList<>()).add(toTail(row)));
          return tails;
        });
  }

  /**
   * The runs that changed since {@code since} (pdm's database clock), each with the sequence number of its first event
   * stored since; and the database's time now, to ask from next time. Without {@code since}, only the time.
   */
  public Future<Changes> changedSince(Optional<Instant> since) {
    if (since.isEmpty()) {
      return pool.query("SELECT now() AS now").execute()
          .map(rows -> new Changes(rows.iterator().next().getOffsetDateTime("now").toInstant(), Map.of()));
    }
    return pool.preparedQuery("SELECT now() AS now, r.id, (SELECT min(e.seq) FROM run_events e WHERE e.run_id = r.id "
            + "AND e.at >= $1) AS first_seq FROM (SELECT now()) AS clock LEFT JOIN runs r ON r.updated_at >= $1")
        .execute(Tuple.of(since.get().atOffset(ZoneOffset.UTC)))
        .map(rows -> {
          Instant now = null;
          Map<UUID, Long> firsts = new HashMap<>();
          for (Row row : rows) {
            now = row.getOffsetDateTime("now").toInstant();
            if (row.getUUID("id") != null && row.getLong("first_seq") != null) {
              firsts.put(row.getUUID("id"), row.getLong("first_seq"));
            }
          }
          return new Changes(now, firsts);
        });
  }

  /** Runs changed since a moment: their first event since, by run; {@code now} is when that was read. */
  public record Changes(Instant now, Map<UUID, Long> firstSeqs) {
  }

  /** The active runs that follow any of the pipelines now (a running stage's current pipeline), with one query. */
  public Future<List<StoredRun>> followingAny(java.util.Collection<Long> pipelineIds) {
    return pool.preparedQuery("SELECT " + RUN_COLUMNS + " FROM runs WHERE active AND followed_pipelines && $1")
        .execute(Tuple.of((Object) pipelineIds.toArray(new Long[0])))
        .map(rows -> {
          List<StoredRun> runs = new ArrayList<>();
          rows.forEach(row -> runs.add(toRun(row)));
          return runs;
        });
  }

  private static Future<Void> appendEvents(SqlConnection conn, UUID id, long afterSeq, List<NewEvent> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      batch.add(Tuple.of(id, afterSeq + i + 1, events.get(i).type(), events.get(i).payload()));
    }
    return conn.preparedQuery("INSERT INTO run_events (run_id, seq, type, payload) VALUES ($1, $2, $3, $4)")
        .executeBatch(batch).mapEmpty();
  }

  private static Future<Void> appendCommands(SqlConnection conn, UUID id, long seq, List<JsonObject> commands) {
    if (commands.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = new ArrayList<>();
    for (int i = 0; i < commands.size(); i++) {
      batch.add(Tuple.of(id, seq, i, commands.get(i), PendingCommand.Lane.of(commands.get(i)).column()));
    }
    // Due at once by any clock: "due" is judged with pdm's clock, which (simulated, in tests and the sandbox) may be
    // behind the database's now().
    return conn.preparedQuery("INSERT INTO run_commands (run_id, seq, idx, command, lane, not_before) "
            + "VALUES ($1, $2, $3, $4, $5, '-infinity')")
        .executeBatch(batch).mapEmpty();
  }

  /**
   * The next command of the run's lane still to execute, if it is due at {@code now} (pdm's clock, so that tests can
   * move time); each lane runs strictly in order.
   */
  public Future<Optional<PendingCommand>> nextCommand(UUID runId, PendingCommand.Lane lane, Instant now) {
    return pool.preparedQuery("SELECT seq, idx, command, attempts, created_at, not_before <= $3 AS due FROM run_commands "
            + "WHERE run_id = $1 AND lane = $2 AND status = 'pending' ORDER BY seq, idx LIMIT 1")
        .execute(Tuple.of(runId, lane.column(), now.atOffset(ZoneOffset.UTC)))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.<PendingCommand>empty();
          }
          Row row = rows.iterator().next();
          return row.getBoolean("due") ? Optional.of(new PendingCommand(runId, row.getLong("seq"),
              row.getInteger("idx"), lane, (JsonObject) row.getValue("command"), row.getInteger("attempts"),
              row.getOffsetDateTime("created_at").toInstant()))
              : Optional.<PendingCommand>empty();
        });
  }

  /**
   * Puts a command off until {@code notBefore}, under the executor's claim on the run (an executor that lost the run
   * leaves its commands to the new holder, failing with {@link LeaseLostException}); a failed try ({@code error}
   * present) counts towards its budget, a wait (a trigger's quiet period) does not.
   */
  public Future<Void> commandLater(PendingCommand command, Optional<String> error, Instant notBefore,
      RunLeases.Claim fence) {
    return pool.withTransaction(conn -> RunLeases.verify(conn, fence)
        .compose(v -> conn.preparedQuery("UPDATE run_commands SET attempts = attempts + $4, "
                + "last_error = coalesce($5, last_error), not_before = $6 "
                + "WHERE run_id = $1 AND seq = $2 AND idx = $3 AND status = 'pending'")
            .execute(Tuple.of(command.runId(), command.seq(), command.idx(), error.isPresent() ? 1 : 0,
                error.orElse(null), notBefore.atOffset(ZoneOffset.UTC))))
        .mapEmpty());
  }

  private Future<Optional<CreateOutcome>> existingFor(String planId, Optional<String> idempotencyKey) {
    Future<Optional<CreateOutcome>> sameRequest = idempotencyKey
        .map(key -> pool.preparedQuery("SELECT " + RUN_COLUMNS + " FROM runs WHERE idempotency_key = $1")
            .execute(Tuple.of(key))
            .map(rows -> rows.size() == 0 ? Optional.<CreateOutcome>empty()
                : Optional.<CreateOutcome>of(new CreateOutcome.SameRequest(toRun(rows.iterator().next())))))
        .orElse(Future.succeededFuture(Optional.empty()));
    return sameRequest.compose(found -> found.isPresent() ? Future.succeededFuture(found)
        : pool.preparedQuery("SELECT id FROM runs WHERE plan_id = $1 AND active").execute(Tuple.of(planId))
            .map(rows -> rows.size() == 0 ? Optional.<CreateOutcome>empty()
                : Optional.<CreateOutcome>of(new CreateOutcome.ActiveRunExists(rows.iterator().next().getUUID("id")))));
  }

  private static boolean isUniqueViolation(Throwable err) {
    return err instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
  }

  private static StoredLogTail toTail(Row row) {
    return new StoredLogTail(row.getString("stage_id"), row.getLong("job_id"), row.getLong("resume_offset"),
        Optional.ofNullable((JsonObject) row.getValue("running")), row.getLong("migrated"), row.getBoolean("complete"),
        (io.vertx.core.json.JsonArray) row.getValue("lines"), row.getLong("seq"));
  }

  private static StoredRun toRun(Row row) {
    return new StoredRun(row.getUUID("id"), row.getString("plan_id"), row.getString("status"),
        row.getBoolean("active"), row.getString("requested_by"), (JsonObject) row.getValue("state"),
        row.getLong("last_seq"), row.getOffsetDateTime("created_at").toInstant(),
        row.getOffsetDateTime("updated_at").toInstant());
  }
}
