package dev.pdm.cli.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.core.triage.JobLogParser;
import dev.pdm.core.triage.MigratedMigration;
import dev.pdm.core.triage.MigrationLog;
import dev.pdm.core.triage.StartedMigration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which migration a run's migration job is running and which one finished last, read from the log lines of its
 * {@code JobLog} events as Rails announces them ({@code == VERSION Class: migrating}, {@code ...: migrated (1.2s)}).
 * The lines are the source, not the events' {@code current_migration}: a migration that starts and ends between two
 * reads of the log is never anyone's current one, but its lines are there.
 */
public final class MigrationProgress {
  private final Map<String, JobLogParser.Incremental> logs = new HashMap<>();
  private Optional<Running> running = Optional.empty();
  private Optional<Finished> finished = Optional.empty();

  /** A migration running on a stage's job. */
  public record Running(String stageId, StartedMigration migration) {
    /** {@code 20241106150244 CreateFoo (migrate-gstg)}. */
    public String text() {
      return migration.version() + " " + migration.className() + " (" + stageId + ")";
    }
  }

  /** A migration a stage's job finished, with the duration Rails printed. */
  public record Finished(String stageId, MigratedMigration migration) {
    /** {@code 20241106150244 CreateFoo in 1.2345s (migrate-gstg)}. */
    public String text() {
      return migration.version() + " " + migration.className() + " in " + String.format(Locale.ROOT, "%.4fs",
          migration.seconds()) + " (" + stageId + ")";
    }
  }

  /** Takes the payload of a {@code JobLog} event: its stage, job and new log lines. */
  public void onJobLog(JsonNode payload) {
    String stageId = payload.path("stage_id").asText();
    JobLogParser.Incremental log = logs.computeIfAbsent(stageId + "/" + payload.path("job_id").asText(),
        job -> JobLogParser.incremental());
    StringBuilder lines = new StringBuilder();
    payload.path("lines").forEach(line -> lines.append(line.asText()).append('\n'));
    log.feed(lines);
    MigrationLog said = log.snapshot();
    running = said.current().map(migration -> new Running(stageId, migration));
    List<MigratedMigration> migrated = said.migrated();
    if (!migrated.isEmpty()) {
      finished = Optional.of(new Finished(stageId, migrated.get(migrated.size() - 1)));
    }
  }

  /** The migration running, per the newest log lines. */
  public Optional<Running> running() {
    return running;
  }

  /** The migration that finished last. */
  public Optional<Finished> finished() {
    return finished;
  }
}
