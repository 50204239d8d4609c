package dev.pdm.server.health;

import dev.pdm.server.orchestrator.Orchestrator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Checks, every {@link #INTERVAL}, that the database answers, that its schema is the one this pdm migrated to, that
 * the orchestrator ticks within its lease and whether GitLab answers; keeps the report for {@code /health} and
 * {@code /health/ready}. A DOWN check makes the replica unready; GitLab can only WARN (runs wait for it, nothing is
 * lost), so a GitLab outage does not take every replica out of the load balancer.
 */
public final class HealthMonitor {
  static final Duration INTERVAL = Duration.ofSeconds(5);
  private static final long DATABASE_TIMEOUT_MS = 3000;
  private static final String SCHEMA_QUERY =
      "SELECT version FROM pdm_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1";
  private final Vertx vertx;
  private final Pool pool;
  private final String schemaVersion;
  private final Optional<Supplier<Orchestrator.Status>> orchestrator;
  private final Optional<GitLabReachability> gitLab;
  private final Clock clock;
  private final Instant startedAt;
  private volatile JsonObject report = new JsonObject().put("status", "DOWN")
      .put("checks", new JsonArray().add(new JsonObject().put("name", "startup").put("status", "DOWN")
          .put("reason", "pdm is starting")));
  private long timer = -1;

  /**
   * @param schemaVersion the schema version this pdm migrated the database to at start
   * @param orchestrator  the orchestrator's status, when this pdm drives runs (a GitLab is configured)
   */
  public HealthMonitor(Vertx vertx, Pool pool, String schemaVersion,
      Optional<Supplier<Orchestrator.Status>> orchestrator, Optional<GitLabReachability> gitLab, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.schemaVersion = schemaVersion;
    this.orchestrator = orchestrator;
    this.gitLab = gitLab;
    this.clock = clock;
    this.startedAt = clock.instant();
  }

  /** Checks once now (the returned future completes then), and again every {@link #INTERVAL}. */
  public Future<Void> start() {
    timer = vertx.setPeriodic(INTERVAL.toMillis(), id -> refresh());
    return refresh();
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  /** The latest report: {@code status} UP or DOWN, and every check with its status (UP, WARN, DOWN). */
  public JsonObject report() {
    return report;
  }

  private Future<Void> refresh() {
    long started = System.nanoTime();
    Future<JsonObject> database = pool.query("SELECT 1").execute()
        .timeout(DATABASE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .map(rows -> new JsonObject().put("name", "database").put("status", "UP")
            .put("latency_ms", (System.nanoTime() - started) / 1_000_000))
        .otherwise(err -> down("database", err));
    Future<JsonObject> schema = pool.query(SCHEMA_QUERY).execute()
        .timeout(DATABASE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .map(rows -> schemaCheck(rows.size() == 0 ? null : rows.iterator().next().getString("version")))
        .otherwise(err -> down("schema", err));
    return Future.join(database, schema).transform(done -> {
      JsonArray checks = new JsonArray().add(database.result()).add(schema.result());
      orchestrator.ifPresent(status -> checks.add(orchestratorCheck(status.get())));
      gitLab.ifPresent(reachability -> checks.add(reachability.check()));
      boolean up = checks.stream().map(JsonObject.class::cast).noneMatch(c -> "DOWN".equals(c.getString("status")));
      report = new JsonObject().put("status", up ? "UP" : "DOWN").put("checked_at", clock.instant().toString())
          .put("checks", checks);
      return Future.<Void>succeededFuture();
    });
  }

  private JsonObject schemaCheck(String found) {
    JsonObject check = new JsonObject().put("name", "schema").put("expected_version", schemaVersion);
    if (found == null) {
      return check.put("status", "DOWN").put("reason", "pdm_schema_history has no applied migration");
    }
    check.put("version", found);
    boolean current = compareVersions(found, schemaVersion) >= 0;
    return current ? check.put("status", "UP") : check.put("status", "DOWN").put("reason",
        "the database's schema is at version " + found + ", older than " + schemaVersion + " which this pdm needs");
  }

  /** UP while the last tick is younger than a lease (or, before the first tick, pdm started less than one ago). */
  private JsonObject orchestratorCheck(Orchestrator.Status status) {
    Instant now = clock.instant();
    Duration age = Duration.between(status.lastTickAt().orElse(startedAt), now);
    JsonObject check = new JsonObject().put("name", "orchestrator").put("replica", status.replica())
        .put("leases_held", status.leasesHeld())
        .put("lease_ttl_seconds", status.leaseTtl().toSeconds());
    status.lastTickAt().ifPresent(at -> check.put("last_tick_at", at.toString())
        .put("last_tick_age_seconds", Duration.between(at, now).toMillis() / 1000.0));
    if (age.compareTo(status.leaseTtl()) <= 0) {
      return check.put("status", "UP");
    }
    return check.put("status", "DOWN").put("reason", status.lastTickAt().isPresent()
        ? "the orchestrator has not ticked for " + age.toSeconds() + " s, longer than its lease of "
            + status.leaseTtl().toSeconds() + " s: this replica drives no run"
        : "the orchestrator has not ticked once in " + age.toSeconds() + " s since pdm started");
  }

  private static JsonObject down(String name, Throwable err) {
    return new JsonObject().put("name", name).put("status", "DOWN")
        .put("reason", err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage());
  }

  /** Compares Flyway versions such as {@code 2} and {@code 10} or {@code 2.1} numerically, part by part. */
  static int compareVersions(String a, String b) {
    List<String> left = List.of(a.split("\\."));
    List<String> right = List.of(b.split("\\."));
    for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
      long l = i < left.size() ? Long.parseLong(left.get(i)) : 0;
      long r = i < right.size() ? Long.parseLong(right.get(i)) : 0;
      if (l != r) {
        return Long.compare(l, r);
      }
    }
    return 0;
  }
}
