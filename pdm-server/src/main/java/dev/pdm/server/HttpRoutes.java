package dev.pdm.server;

import dev.pdm.core.auth.ApiTokens;
import dev.pdm.core.config.PdmConfig;
import dev.pdm.server.api.ApiReplies;
import dev.pdm.server.api.Authentication;
import dev.pdm.server.api.DurationsApi;
import dev.pdm.server.api.ExecutedAnswers;
import dev.pdm.server.api.GitLabReadLimit;
import dev.pdm.server.api.IncidentApi;
import dev.pdm.server.api.LockApi;
import dev.pdm.server.api.OperatorRequests;
import dev.pdm.server.api.RollbackApi;
import dev.pdm.server.api.ScheduleApi;
import dev.pdm.server.orchestrator.MigratedByRuns;
import dev.pdm.server.api.OverviewApi;
import dev.pdm.server.api.PerMinuteLimit;
import dev.pdm.server.api.RequestBodies;
import dev.pdm.server.api.RequestDeadline;
import dev.pdm.server.api.RunsApi;
import dev.pdm.server.api.SecurityHeaders;
import dev.pdm.server.api.SessionApi;
import dev.pdm.server.api.Sessions;
import dev.pdm.server.chatops.ChatOps;
import dev.pdm.server.health.HealthEndpoints;
import dev.pdm.server.health.HealthMonitor;
import dev.pdm.server.hooks.GitLabHookHandler;
import dev.pdm.server.live.LiveEndpoint;
import dev.pdm.server.metrics.MetricsEndpoint;
import dev.pdm.server.metrics.PdmMetrics;
import dev.pdm.server.store.SessionStore;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one Router: which handler answers which path. Wiring only. Every answer gets the security headers; every
 * request but a WebSocket upgrade has {@code server.request_timeout_seconds} to be answered; every {@code /api/*} call
 * but signing in is authenticated before its body is read.
 */
final class HttpRoutes {
  private HttpRoutes() {
  }

  /** Bodies of API requests other than a posted job log: reasons and links, a few kilobytes at most. */
  private static final long MAX_API_BODY_BYTES = 1024L * 1024;

  /** What the router needs besides the configuration: the server's parts and how it runs. */
  record Parts(Pool pool, ApiTokens tokens, LiveEndpoint live, Optional<Driving> driving, HealthMonitor health,
      PdmMetrics metrics, Supplier<String> pdmUrl, boolean sandboxMode, Clock clock) {
  }

  static Router create(Vertx vertx, PdmConfig config, Parts parts) {
    PdmConfig.Server server = config.server();
    Clock clock = parts.clock();
    PerMinuteLimit failedAuthentications = new PerMinuteLimit(config.auth().failedAttemptsPerMinute(), clock);
    Sessions sessions = new Sessions(new SessionStore(parts.pool()), parts.tokens(), clock, config.auth());
    Authentication authentication = new Authentication(parts.tokens(), sessions, failedAuthentications,
        server.trustForwardedHeaders());
    Router router = Router.router(vertx);
    router.route().handler(new SecurityHeaders(server.https()));
    router.route().handler(new RequestDeadline(server.requestTimeoutSeconds() * 1000L));
    HealthEndpoints.mount(router, parts.health());
    MetricsEndpoint.mount(router, config.metrics(), parts.metrics(), parts.tokens());
    parts.driving().ifPresent(d -> GitLabHookHandler.mount(router, vertx,
        config.gitlab().flatMap(PdmConfig.GitLab::webhookSecret), d::observe, parts.metrics()::webhookDelivered,
        failedAuthentications, server.trustForwardedHeaders()));
    router.get("/api/v1/openapi.yaml").handler(ctx -> vertx.fileSystem().readFile("openapi/openapi.yaml")
        .onSuccess(yaml -> ctx.response().putHeader("content-type", "application/yaml").end(yaml))
        .onFailure(ctx::fail));
    SessionApi sessionApi = new SessionApi(parts.tokens(), sessions, authentication, server, parts.sandboxMode());
    sessionApi.mountSignIn(router);
    router.route("/api/*").handler(authentication);
    // After authentication, so that no body is read for an unknown caller; the job log's own limit comes first.
    router.post("/api/v1/triage").handler(BodyHandler.create(false).setBodyLimit(config.triage().maxLogBytes()));
    router.route("/api/*").handler(new RequestBodies(MAX_API_BODY_BYTES));
    sessionApi.mount(router);
    router.get("/api/v1/live").handler(parts.live());
    parts.driving().ifPresent(d -> {
      OperatorRequests requests = new OperatorRequests(d.store(), d.orchestrator(), d.preparer(), d.clock());
      ExecutedAnswers executed = new ExecutedAnswers(d.store(), d.gitLab(), d.plan(), clock, d.overview().maxAge());
      GitLabReadLimit reads = new GitLabReadLimit(new PerMinuteLimit(config.auth().gitlabReadsPerMinute(), clock));
      RunsApi runs = new RunsApi(d.store(), requests, d.pipelines(), d.clock());
      runs.mount(router);
      IncidentApi.mount(router, runs, requests, d.gitLab(), config.projects(), d.incidents()::settings, d.managers(),
          d.clock());
      new OverviewApi(vertx, d.overview(), d.store(), d.gitLab(), d.plan(), d.triage(), executed, reads).mount(router);
      new RollbackApi(d.gitLab(), d.plan(), new MigratedByRuns(d.store(), d.durations()), d.durations(), reads)
          .mount(router);
      new LockApi(d.store(), d.plan()).mount(router);
      new DurationsApi(d.durations()).mount(router);
      new ScheduleApi(config, d.scheduled(), d.firings(), d.clock()).mount(router);
      // Chat endpoints authenticate by the platform's signature or token, not by pdm's API tokens.
      ChatOps.mount(router, vertx, config, parts.pool(), new ChatOps.Parts(requests, d.store(), d.overview(), executed,
          config.plan().stream().map(PdmConfig.PlanStage::id).toList(), d.incidents()::settings, d.clock()),
          parts.pdmUrl());
    });
    router.route("/api/*").handler(ctx -> ctx.fail(404));
    router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
    router.route().failureHandler(ctx -> {
      int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
      String message = status == 404 ? "no such resource: " + ctx.request().path()
          : status == 405 ? "method " + ctx.request().method() + " not allowed on " + ctx.request().path()
          : status == 413 ? "the body is larger than this request allows"
          : status == 503 ? "no answer within " + server.requestTimeoutSeconds() + " s (server.request_timeout_seconds)"
          : "internal error";
      if (!ctx.response().headWritten()) {
        ApiReplies.error(ctx, status, message);
      }
    });
    return router;
  }
}
