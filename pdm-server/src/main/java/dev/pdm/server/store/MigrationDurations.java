package dev.pdm.server.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The per-migration duration history: what each migration took on each environment, from the jobs' logs. */
public final class MigrationDurations {
  private final Pool pool;

  public MigrationDurations(Pool pool) {
    this.pool = pool;
  }

  /**
   * One migration finished in a job.
   *
   * @param tier staging or production
   */
  public record Measured(String environment, String tier, String version, String className, UUID runId, String stageId,
      int attempt, long jobId, double seconds, Instant finishedAt) {

    public JsonObject toJson() {
      return new JsonObject().put("environment", environment).put("tier", tier).put("version", version)
          .put("class_name", className).put("run_id", runId.toString()).put("stage_id", stageId).put("attempt", attempt)
          .put("job_id", jobId).put("seconds", seconds).put("finished_at", finishedAt.toString());
    }
  }

  /** Stores a measurement once per job and migration (a log read again stores nothing new). */
  public Future<Void> record(Measured m) {
    return pool.preparedQuery("INSERT INTO migration_durations (environment, version, class_name, tier, run_id, stage_id, "
            + "attempt, job_id, seconds, finished_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
            + "ON CONFLICT (job_id, version) DO NOTHING")
        .execute(Tuple.from(List.of(m.environment(), m.version(), m.className(), m.tier(), m.runId(), m.stageId(),
            m.attempt(), m.jobId(), m.seconds(), m.finishedAt().atOffset(ZoneOffset.UTC))))
        .mapEmpty();
  }

  /** The latest staging duration of each of {@code versions}, by version. */
  public Future<Map<String, Double>> latestStaging(List<String> versions) {
    if (versions.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery("SELECT DISTINCT ON (version) version, seconds FROM migration_durations "
            + "WHERE tier = 'staging' AND version = ANY($1) ORDER BY version, finished_at DESC")
        .execute(Tuple.of(versions.toArray(String[]::new)))
        .map(rows -> {
          Map<String, Double> byVersion = new HashMap<>();
          rows.forEach(row -> byVersion.put(row.getString("version"), row.getDouble("seconds")));
          return byVersion;
        });
  }

  /** The latest staging duration of one migration. */
  public Future<Optional<Double>> latestStaging(String version) {
    return latestStaging(List.of(version)).map(found -> Optional.ofNullable(found.get(version)));
  }

  /** When each version first finished on {@code environment}, by version. */
  public Future<Map<String, Instant>> firstRan(String environment) {
    return pool.preparedQuery("SELECT version, min(finished_at) AS at FROM migration_durations WHERE environment = $1 "
            + "GROUP BY version")
        .execute(Tuple.of(environment))
        .map(rows -> {
          Map<String, Instant> byVersion = new HashMap<>();
          rows.forEach(row -> byVersion.put(row.getString("version"), row.getOffsetDateTime("at").toInstant()));
          return byVersion;
        });
  }

  /** The versions a run's stage finished, by run: what pdm's runs migrated, also when a stage failed part way. */
  public Future<Map<UUID, List<String>>> versionsByRun(String environment) {
    return pool.preparedQuery("SELECT run_id, version FROM migration_durations WHERE environment = $1")
        .execute(Tuple.of(environment))
        .map(rows -> {
          Map<UUID, List<String>> byRun = new HashMap<>();
          rows.forEach(row -> byRun.computeIfAbsent(row.getUUID("run_id"), id -> new ArrayList<>()).add(row.getString("version")));
          return byRun;
        });
  }

  /** The history, newest first: of one migration when {@code version} is given, of every migration otherwise. */
  public Future<List<Measured>> history(Optional<String> version, Optional<String> environment, int limit) {
    return pool.preparedQuery("SELECT * FROM migration_durations WHERE ($1::text IS NULL OR version = $1) "
            + "AND ($2::text IS NULL OR environment = $2) ORDER BY finished_at DESC, version LIMIT $3")
        .execute(Tuple.of(version.orElse(null), environment.orElse(null), limit))
        .map(rows -> {
          List<Measured> list = new ArrayList<>();
          rows.forEach(row -> list.add(of(row)));
          return list;
        });
  }

  private static Measured of(Row row) {
    return new Measured(row.getString("environment"), row.getString("tier"), row.getString("version"),
        row.getString("class_name"), row.getUUID("run_id"), row.getString("stage_id"), row.getInteger("attempt"),
        row.getLong("job_id"), row.getDouble("seconds"), row.getOffsetDateTime("finished_at").toInstant());
  }
}
