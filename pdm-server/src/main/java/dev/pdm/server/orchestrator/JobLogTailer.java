package dev.pdm.server.orchestrator;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.run.CiStatus;
import dev.pdm.core.run.FollowedJob;
import dev.pdm.core.run.Stage;
import dev.pdm.core.run.StageSpec;
import dev.pdm.core.triage.JobLogCursor;
import dev.pdm.core.triage.JobLogStream;
import dev.pdm.core.triage.MigratedMigration;
import dev.pdm.core.triage.MigrationLog;
import dev.pdm.core.triage.StartedMigration;
import dev.pdm.server.store.LogTailWrite;
import dev.pdm.server.store.RunStore;
import dev.pdm.server.store.StaleLogException;
import dev.pdm.server.store.StoredLogTail;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the migration job's log of the runs this replica drives: reads what is new since the stored offset as GitLab
 * streams it, a window at a time (parsed off the event loop), and stores each window as a {@code JobLog} event with
 * the log's tail in one transaction ({@link RunStore#appendLogRead}). An event carries the window's latest lines (at
 * most {@code job_log.lines_per_event}, {@code job_log.event_kilobytes}), counting the others; the tail keeps the
 * latest {@code job_log.tail_lines} for display; the whole log stays in GitLab. A replica that starts, or takes a run
 * over, reads on from the stored offset.
 */
final class JobLogTailer {
  private static final Logger LOG = LoggerFactory.getLogger(JobLogTailer.class);
  /**
   * From a GitLab that ignores ranges and sends the whole log each time, a log is read again only after this many times
   * as long as its last read took (on pdm's clock): reading logs takes at most a fifth of the time. A ranged read costs
   * only what is new, however often it is made, so it is not paced: pacing it made a slow read's successor wait four
   * times as long and read all the more (on a loaded machine, a 500 MB log growing live was read in three polls, the
   * last 300 MB of it only once the job had ended: issue #13 benchmark 5).
   */
  private static final int PACE = 4;
  /** Longer lines are cut for display (the parser has seen them whole). */
  private static final int MAX_LINE_CHARS = 2_000;
  private final RunStore store;
  private final JobLogStream stream;
  private final PdmConfig.JobLog limits;
  private final OrchestratorObserver observer;
  private final MigrationWatch watch;
  private final Clock clock;
  private final Map<String, Tail> tails = new HashMap<>();

  JobLogTailer(RunStore store, JobLogStream stream, PdmConfig.JobLog limits, OrchestratorObserver observer,
      MigrationWatch watch, Clock clock) {
    this.watch = watch;
    this.store = store;
    this.clock = clock;
    this.stream = stream;
    this.limits = limits;
    this.observer = observer;
  }

  /** What this replica knows of a job's log. */
  private static final class Tail {
    private JobLogCursor cursor;
    private long storedOffset;
    private long migrated;
    private boolean complete;
    private final Deque<String> lines = new ArrayDeque<>();
    private Instant notBefore = Instant.MIN;
  }

  /** Whether this replica has read a job's whole log (and stored it so). */
  boolean complete(UUID runId, FollowedJob job) {
    Tail tail = tails.get(key(runId, job.id()));
    return tail != null && tail.complete;
  }

  /**
   * Reads what is new in the stage's migration job log, if the job has started and its log is not complete; each read
   * is stored by {@code storeRead} (in turn with the run's other writes: {@link Orchestrator#logRead}).
   */
  Future<Void> read(Function<LogTailWrite, Future<Long>> storeRead, UUID runId, Stage stage, String project) {
    Optional<FollowedJob> job = stage.currentAttempt().flatMap(a -> a.job());
    return job.isEmpty() ? Future.succeededFuture()
        : read(storeRead, runId, stage.id(), stage.spec(), stage.attemptNumber(), job.get(), project);
  }

  /**
   * Reads what is new in job {@code job}'s log (attempt {@code attempt} of stage {@code stageId}), unless it has not
   * started or is complete.
   */
  Future<Void> read(Function<LogTailWrite, Future<Long>> storeRead, UUID runId, String stageId, StageSpec spec,
      int attempt, FollowedJob job, String project) {
    if (job.status() == CiStatus.CREATED || job.status() == CiStatus.PENDING) {
      return Future.succeededFuture();
    }
    long jobId = job.id();
    boolean jobFinished = job.status().isFinished();
    String key = key(runId, jobId);
    Future<Tail> loaded = tails.containsKey(key) ? Future.succeededFuture(tails.get(key))
        : store.logTail(runId, jobId).map(stored -> {
          Tail tail = restored(stored);
          tails.put(key, tail);
          return tail;
        });
    return loaded.compose(tail -> {
      Instant started = clock.instant();
      // A finished job's log is read to its end at once: its run may end with it and not be followed again.
      if (tail.complete || (!jobFinished && started.isBefore(tail.notBefore))) {
        return Future.succeededFuture();
      }
      Window window = new Window(limits.linesPerEvent(), limits.eventBytes());
      return stream.read(project, jobId, tail.cursor, window::add,
              () -> store(storeRead, runId, stageId, spec, attempt, jobId, tail, window, false))
          .compose(read -> jobFinished ? stream.finish(tail.cursor, window::add)
              .compose(v -> store(storeRead, runId, stageId, spec, attempt, jobId, tail, window, true)).map(read)
              : Future.succeededFuture(read))
          .onSuccess(read -> {
            Instant done = clock.instant();
            tail.notBefore = read.rangeHonoured() ? done
                : done.plus(Duration.between(started, done).multipliedBy(PACE));
          })
          .<Void>mapEmpty()
          .recover(err -> {
            // What this replica read is not what is stored (another one stored it, or storing failed): start again
            // from the store.
            tails.remove(key);
            if (err instanceof StaleLogException) {
              LOG.info("run {} stage {}: {}", runId, stageId, err.getMessage());
              return Future.succeededFuture();
            }
            return Future.failedFuture(err);
          });
    });
  }

  /** What the log read so far says (the migration running, the finished ones), once this replica has read some. */
  Optional<MigrationLog> progress(UUID runId, long jobId) {
    return Optional.ofNullable(tails.get(key(runId, jobId))).map(tail -> tail.cursor.snapshot());
  }

  /** Forgets what was read for a run this replica no longer drives. */
  void forget(UUID runId) {
    String prefix = runId + "/";
    tails.keySet().stream().filter(key -> key.startsWith(prefix))
        .forEach(key -> watch.forget(Long.parseLong(key.substring(prefix.length()))));
    tails.keySet().removeIf(key -> key.startsWith(prefix));
  }

  private Tail restored(Optional<StoredLogTail> stored) {
    Tail tail = new Tail();
    if (stored.isEmpty()) {
      tail.cursor = JobLogCursor.atStart();
      return tail;
    }
    StoredLogTail s = stored.get();
    tail.storedOffset = s.resumeOffset();
    tail.migrated = s.migrated();
    tail.complete = s.complete();
    s.lines().forEach(line -> tail.lines.addLast(String.valueOf(line)));
    tail.cursor = JobLogCursor.resumeAt(s.resumeOffset(), s.running().map(JobLogTailer::migration));
    return tail;
  }

  /**
   * Stores what the last window read (nothing when it changed nothing), then hands the finished migrations on (metrics,
   * and the duration history: a failure to store durations is logged and does not undo the read).
   */
  private Future<Void> store(Function<LogTailWrite, Future<Long>> storeRead, UUID runId, String stageId,
      StageSpec spec, int attempt, long jobId, Tail tail, Window window, boolean complete) {
    List<MigratedMigration> finished = tail.cursor.drainFinished();
    List<String> lines = window.lines();
    long toOffset = tail.cursor.resumeOffset();
    if (lines.isEmpty() && finished.isEmpty() && toOffset == tail.storedOffset && !complete) {
      return Future.succeededFuture();
    }
    long migrated = tail.migrated + finished.size();
    Deque<String> kept = new ArrayDeque<>(tail.lines);
    lines.forEach(kept::addLast);
    while (kept.size() > limits.tailLines()) {
      kept.removeFirst();
    }
    Optional<StartedMigration> running = tail.cursor.running();
    JsonObject current = running.map(JobLogTailer::json).orElse(null);
    JsonObject event = new JsonObject().put("stage_id", stageId).put("job_id", jobId)
        .put("from_offset", tail.storedOffset).put("to_offset", toOffset).put("lines", new JsonArray(lines))
        .put("skipped_lines", window.skipped()).put("migrated", migrated).put("complete", complete)
        .put("current_migration", current);
    if (!finished.isEmpty()) {
      MigratedMigration last = finished.get(finished.size() - 1);
      event.put("last_migrated", new JsonObject().put("version", last.version()).put("class_name", last.className())
          .put("seconds", last.seconds()));
    }
    window.clear();
    LogTailWrite write = new LogTailWrite(runId, jobId, stageId, tail.storedOffset, toOffset, current, migrated,
        complete, new JsonArray(List.copyOf(kept)), event);
    return storeRead.apply(write).compose(seq -> {
      tail.storedOffset = toOffset;
      tail.migrated = migrated;
      tail.complete = complete;
      tail.lines.clear();
      tail.lines.addAll(kept);
      observer.migrationsFinished(spec, finished);
      return watch.finished(runId, stageId, spec, attempt, jobId, finished).recover(err -> Future.succeededFuture());
    });
  }

  private static StartedMigration migration(JsonObject json) {
    return new StartedMigration(json.getString("version"), json.getString("class_name"),
        Optional.ofNullable(json.getString("database")));
  }

  private static JsonObject json(StartedMigration migration) {
    return new JsonObject().put("version", migration.version()).put("class_name", migration.className())
        .put("database", migration.database().orElse(null));
  }

  private static String key(UUID runId, long jobId) {
    return runId + "/" + jobId;
  }

  /**
   * The lines of one window an event carries: the latest ones, at most {@code maxLines} and {@code maxChars} in all,
   * each cut at {@link #MAX_LINE_CHARS}; the others only counted. Filled on a worker thread, read after it.
   */
  private static final class Window {
    private final int maxLines;
    private final int maxChars;
    private final Deque<String> lines = new ArrayDeque<>();
    private int chars;
    private long skipped;

    Window(int maxLines, int maxChars) {
      this.maxLines = maxLines;
      this.maxChars = maxChars;
    }

    void add(String line) {
      String shown = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "…" : line;
      lines.addLast(shown);
      chars += shown.length();
      while (lines.size() > maxLines || (chars > maxChars && lines.size() > 1)) {
        chars -= lines.removeFirst().length();
        skipped++;
      }
    }

    List<String> lines() {
      return List.copyOf(lines);
    }

    long skipped() {
      return skipped;
    }

    void clear() {
      lines.clear();
      chars = 0;
      skipped = 0;
    }
  }
}
