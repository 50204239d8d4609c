package dev.pdm.server;

import dev.pdm.core.auth.ApiTokens;
import dev.pdm.server.api.Authentication;
import dev.pdm.server.api.HealthHandler;
import dev.pdm.server.live.LiveEndpoint;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.sqlclient.Pool;

/** The one Router: which handler answers which path. Wiring only. */
final class HttpRoutes {
  private HttpRoutes() {
  }

  static Router create(Vertx vertx, Pool pool, ApiTokens tokens, LiveEndpoint live) {
    Router router = Router.router(vertx);
    router.get("/health").handler(new HealthHandler(pool));
    router.route("/api/*").handler(new Authentication(tokens));
    router.get("/api/v1/live").handler(live);
    router.route("/api/*").handler(ctx -> ctx.fail(404));
    router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
    router.route().failureHandler(ctx -> {
      int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
      String message = status == 404 ? "no such resource: " + ctx.request().path()
          : status == 405 ? "method " + ctx.request().method() + " not allowed on " + ctx.request().path()
          : "internal error";
      if (!ctx.response().headWritten()) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
            .end(new JsonObject().put("message", message).encode());
      }
    });
    return router;
  }
}
