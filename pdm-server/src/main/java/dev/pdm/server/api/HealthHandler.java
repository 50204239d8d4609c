package dev.pdm.server.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;

/** {@code GET /health}: 200 when pdm and its database answer, 503 (with the failing check named) when not. */
public final class HealthHandler implements Handler<RoutingContext> {
  private static final long DATABASE_TIMEOUT_MS = 3000;
  private final Pool pool;

  public HealthHandler(Pool pool) {
    this.pool = pool;
  }

  @Override
  public void handle(RoutingContext ctx) {
    databaseCheck().onComplete(done -> {
      JsonObject database = done.result();
      boolean up = "UP".equals(database.getString("status"));
      ctx.response()
          .setStatusCode(up ? 200 : 503)
          .putHeader("content-type", "application/json")
          .putHeader("cache-control", "no-store")
          .end(new JsonObject()
              .put("status", up ? "UP" : "DOWN")
              .put("checks", new JsonArray().add(database))
              .encode());
    });
  }

  private Future<JsonObject> databaseCheck() {
    long started = System.nanoTime();
    return pool.query("SELECT 1").execute()
        .timeout(DATABASE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .map(rows -> new JsonObject().put("name", "database").put("status", "UP")
            .put("latency_ms", (System.nanoTime() - started) / 1_000_000))
        .otherwise(err -> new JsonObject().put("name", "database").put("status", "DOWN")
            .put("reason", err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage()));
  }
}
