package dev.pdm.server.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The firings of {@code schedule.auto_execute}: each decided by one replica, with its outcome and its inputs. */
public final class ScheduleFirings {
  private final Pool pool;

  public ScheduleFirings(Pool pool) {
    this.pool = pool;
  }

  /** Claims the firing for {@code replica}: true for the one replica that decides it. */
  public Future<Boolean> claim(Instant firedFor, String replica) {
    return pool.preparedQuery("INSERT INTO schedule_firings (fired_for, decided_by) VALUES ($1, $2) "
            + "ON CONFLICT (fired_for) DO NOTHING")
        .execute(Tuple.of(firedFor.atOffset(ZoneOffset.UTC), replica))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Stores how a claimed firing was decided: {@code started} (with its run) or {@code skipped}, why, and from what. */
  public Future<Void> decide(Instant firedFor, String outcome, String reason, Optional<UUID> runId, JsonObject inputs) {
    return pool.preparedQuery("UPDATE schedule_firings SET outcome = $2, reason = $3, run_id = $4, inputs = $5, "
            + "decided_at = now() WHERE fired_for = $1")
        .execute(Tuple.of(firedFor.atOffset(ZoneOffset.UTC), outcome, reason, runId.orElse(null), inputs))
        .mapEmpty();
  }

  /** The latest firings, newest first. */
  public Future<List<JsonObject>> recent(int limit) {
    return pool.preparedQuery("SELECT fired_for, decided_by, outcome, reason, run_id, inputs, decided_at FROM schedule_firings "
            + "ORDER BY fired_for DESC LIMIT $1")
        .execute(Tuple.of(limit))
        .map(rows -> {
          List<JsonObject> firings = new ArrayList<>();
          rows.forEach(row -> firings.add(new JsonObject()
              .put("fired_for", row.getOffsetDateTime("fired_for").toInstant().toString())
              .put("decided_by", row.getString("decided_by")).put("outcome", row.getString("outcome"))
              .put("reason", row.getString("reason"))
              .put("run_id", row.getUUID("run_id") == null ? null : row.getUUID("run_id").toString())
              .put("inputs", row.getValue("inputs"))
              .put("decided_at", row.getOffsetDateTime("decided_at").toInstant().toString())));
          return firings;
        });
  }
}
