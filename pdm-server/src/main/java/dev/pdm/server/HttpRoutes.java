package dev.pdm.server;

import dev.pdm.core.auth.ApiTokens;
import dev.pdm.server.api.Authentication;
import dev.pdm.core.config.PdmConfig;
import dev.pdm.server.api.ExecutedAnswers;
import dev.pdm.server.chatops.ChatOps;
import dev.pdm.server.api.OperatorRequests;
import dev.pdm.server.api.OverviewApi;
import dev.pdm.server.api.RunsApi;
import io.vertx.sqlclient.Pool;
import dev.pdm.server.api.SessionApi;
import dev.pdm.server.hooks.GitLabHookHandler;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Optional;
import java.util.function.Supplier;
import dev.pdm.server.live.LiveEndpoint;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import dev.pdm.server.health.HealthEndpoints;
import dev.pdm.server.health.HealthMonitor;
import dev.pdm.server.metrics.MetricsEndpoint;
import dev.pdm.server.metrics.PdmMetrics;

/** The one Router: which handler answers which path. Wiring only. */
final class HttpRoutes {
  private HttpRoutes() {
  }

  /** Bodies of API requests; a posted job log for triage is the largest thing pdm accepts. */
  private static final long MAX_API_BODY_BYTES = 64L * 1024 * 1024;

  static Router create(Vertx vertx, PdmConfig config, Pool pool, ApiTokens tokens, LiveEndpoint live,
      Optional<Driving> driving, HealthMonitor health, PdmMetrics metrics, Supplier<String> pdmUrl) {
    Router router = Router.router(vertx);
    HealthEndpoints.mount(router, health);
    MetricsEndpoint.mount(router, config.metrics(), metrics, tokens);
    driving.ifPresent(d -> GitLabHookHandler.mount(router, vertx,
        config.gitlab().flatMap(PdmConfig.GitLab::webhookSecret), d::observe, metrics::webhookDelivered));
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
      OperatorRequests requests = new OperatorRequests(d.store(), d.orchestrator(), d.preparer(), d.clock());
      ExecutedAnswers executed = new ExecutedAnswers(d.store(), d.gitLab(), d.plan());
      new RunsApi(d.store(), requests, d.pipelines(), d.clock()).mount(router);
      new OverviewApi(vertx, d.overview(), d.store(), d.gitLab(), d.plan(), d.triage(), executed).mount(router);
      // Chat endpoints authenticate by the platform's signature or token, not by pdm's API tokens.
      ChatOps.mount(router, vertx, config, pool, new ChatOps.Parts(requests, d.store(), d.overview(), executed,
          config.plan().stream().map(PdmConfig.PlanStage::id).toList(), d.clock()), pdmUrl);
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
