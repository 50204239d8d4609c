package dev.pdm.server.health;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /health} and {@code GET /health/ready}: the monitor's latest report, 200 when no check is DOWN, else 503.
 * {@code GET /health/live}: 200 while the process answers HTTP at all (a restart would not help otherwise).
 */
public final class HealthEndpoints {
  private HealthEndpoints() {
  }

  public static void mount(Router router, HealthMonitor monitor) {
    router.get("/health").handler(ctx -> reply(ctx, monitor.report()));
    router.get("/health/ready").handler(ctx -> reply(ctx, monitor.report()));
    router.get("/health/live").handler(ctx -> reply(ctx, new JsonObject().put("status", "UP")));
  }

  private static void reply(RoutingContext ctx, JsonObject report) {
    ctx.response()
        .setStatusCode("UP".equals(report.getString("status")) ? 200 : 503)
        .putHeader("content-type", "application/json")
        .putHeader("cache-control", "no-store")
        .end(report.encode());
  }
}
