package dev.pdm.server;

import dev.pdm.core.auth.ApiTokens;
import dev.pdm.server.api.Authentication;
import dev.pdm.core.config.PdmConfig;
import dev.pdm.server.api.HealthHandler;
import dev.pdm.server.api.IncidentApi;
import dev.pdm.server.api.OverviewApi;
import dev.pdm.server.api.RunsApi;
import dev.pdm.server.api.SessionApi;
import dev.pdm.server.hooks.GitLabHookHandler;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Optional;
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

  /** Bodies of API requests; a posted job log for triage is the largest thing pdm accepts. */
  private static final long MAX_API_BODY_BYTES = 64L * 1024 * 1024;

  static Router create(Vertx vertx, PdmConfig config, Pool pool, ApiTokens tokens, LiveEndpoint live,
      Optional<Driving> driving) {
    Router router = Router.router(vertx);
    router.get("/health").handler(new HealthHandler(pool));
    driving.ifPresent(d -> GitLabHookHandler.mount(router, vertx,
        config.gitlab().flatMap(PdmConfig.GitLab::webhookSecret), d::observe));
    router.get("/api/v1/openapi.yaml").handler(ctx -> vertx.fileSystem().readFile("openapi/openapi.yaml")
        .onSuccess(yaml -> ctx.response().putHeader("content-type", "application/yaml").end(yaml))
        .onFailure(ctx::fail));
    SessionApi sessions = new SessionApi(tokens);
    sessions.mountSignIn(router);
    router.route("/api/*").handler(new Authentication(tokens));
    sessions.mount(router);
    router.get("/api/v1/live").handler(live);
    router.post("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_API_BODY_BYTES));
    driving.ifPresent(d -> {
      RunsApi runs = new RunsApi(d.store(), d.orchestrator(), d.preparer(), d.pipelines(), d.clock());
      runs.mount(router);
      IncidentApi.mount(router, runs, d.store(), d.orchestrator(), d.gitLab(), config.projects(), d.incidents()::settings,
          d.managers(), d.clock());
      new OverviewApi(vertx, d.overview(), d.store(), d.gitLab(), d.plan(), d.triage()).mount(router);
    });
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
