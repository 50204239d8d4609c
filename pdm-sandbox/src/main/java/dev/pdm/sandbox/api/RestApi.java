package dev.pdm.sandbox.api;

import dev.pdm.sandbox.faults.InjectedFaults;
import dev.pdm.sandbox.scenario.ScenarioFaults.HttpFault;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /api/v4/*}: injected faults first (as a load balancer would), then
 * authentication ({@code PRIVATE-TOKEN} or {@code Authorization: Bearer}), then the route.
 */
public final class RestApi implements Handler<RoutingContext> {
  /** Where the API lives on the server. */
  public static final String ROOT = "/api/v4";
  private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);

  private final Vertx vertx;
  private final String token;
  private final Backend backend;
  private final InjectedFaults faults;
  private final ApiRouter router = new ApiRouter();
  private final ApiResponder responder;
  private final ApiTraffic traffic;

  public RestApi(Vertx vertx, String token, Backend backend, InjectedFaults faults,
      GitLabJson json, ApiTraffic traffic) {
    this.vertx = vertx;
    this.traffic = traffic;
    this.responder = new ApiResponder(faults::traceRangeIgnored, traffic);
    this.token = token;
    this.backend = backend;
    this.faults = faults;
    Lookups lookups = new Lookups(backend);
    new ProjectRoutes(lookups, json).register(router);
    new PipelineRoutes(lookups, backend, json).register(router);
    new DeploymentRoutes(lookups, json).register(router);
    new RepositoryRoutes(lookups, json).register(router);
    new MergeRequestRoutes(lookups, json).register(router);
    new IssueRoutes(lookups, json).register(router);
    new HookRoutes(lookups, json).register(router);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.request().path().substring(ROOT.length());
    traffic.request(path.endsWith("/trace"));
    Optional<HttpFault> fault = faults.httpFault(ctx.request().method().name(), path);
    if (fault.isEmpty()) {
      answer(ctx, path).run();
    } else if (fault.get().afterProcessing()) {
      Runnable processed = answer(ctx, path);
      later(fault.get(), () -> interrupt(ctx, fault.get()).orElse(processed).run());
    } else {
      later(fault.get(), () -> interrupt(ctx, fault.get()).orElseGet(() -> answer(ctx, path))
          .run());
    }
  }

  private void later(HttpFault fault, Runnable action) {
    if (fault.delay() > 0) {
      vertx.setTimer(fault.delay(), id -> action.run());
    } else {
      action.run();
    }
  }

  /** What the fault answers instead of GitLab (an error status or a closed connection), if any. */
  private Optional<Runnable> interrupt(RoutingContext ctx, HttpFault fault) {
    if (fault.drops()) {
      return Optional.of(() -> {
        LOG.info("{} {}: connection closed without an answer by an injected fault",
            ctx.request().method(), ctx.request().path());
        ctx.request().connection().close();
      });
    }
    if (fault.status() >= 400) {
      return Optional.of(() -> {
        if (!ctx.response().closed()) {
          responder.rateLimitHeaders(ctx.response(), fault.status() == 429);
          injected(ctx.response(), fault);
        }
      });
    }
    return Optional.empty();
  }

  /**
   * Processes the request now (GitLab does its work: a pipeline is created) and returns what
   * writes the answer, which a fault may hold back or throw away.
   */
  private Runnable answer(RoutingContext ctx, String path) {
    Optional<Optional<Set<String>>> scope = authenticate(ctx.request());
    if (scope.isEmpty()) {
      return write(ctx, ApiError.message(401, "401 Unauthorized"));
    }
    String method = ctx.request().method().name();
    Optional<ApiRouter.Match> match = router.match(method, path);
    if (match.isEmpty()) {
      return write(ctx, ApiError.message(404, "404 Not Found"));
    }
    try {
      ApiRequest apiRequest = new ApiRequest(method, match.get().params(),
          ctx.queryParams(), formOf(ctx), jsonOf(ctx), scope.get());
      ApiResponse response = match.get().handler().handle(apiRequest);
      return () -> {
        if (!ctx.response().closed()) {
          responder.rateLimitHeaders(ctx.response(), false);
          responder.respond(ctx, response);
        }
      };
    } catch (ApiError e) {
      return write(ctx, e);
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", method, path, e);
      return write(ctx, ApiError.message(500, "500 Internal Server Error"));
    }
  }

  private Runnable write(RoutingContext ctx, ApiError error) {
    return () -> {
      if (!ctx.response().closed()) {
        responder.rateLimitHeaders(ctx.response(), false);
        responder.error(ctx.response(), error);
      }
    };
  }

  /** Empty when the token is wrong; otherwise the projects it is restricted to, if any. */
  private Optional<Optional<Set<String>>> authenticate(HttpServerRequest request) {
    String given = Optional.ofNullable(request.getHeader("PRIVATE-TOKEN"))
        .or(() -> Optional.ofNullable(request.getHeader("Authorization"))
            .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
            .map(h -> h.substring(7).trim()))
        .orElse("");
    if (constantTimeEquals(given, token)) {
      return Optional.of(Optional.empty());
    }
    return backend.state().restrictedToken(given).map(Optional::of);
  }

  private void injected(HttpServerResponse response, HttpFault fault) {
    if (fault.status() == 429) {
      response.putHeader("Retry-After", Integer.toString(
          fault.retryAfterSeconds() == null ? 30 : fault.retryAfterSeconds()))
          .putHeader("Content-Type", "text/plain").setStatusCode(429).end("Retry later\n");
      return;
    }
    responder.error(response, ApiError.message(fault.status(), fault.status() + " "
        + io.netty.handler.codec.http.HttpResponseStatus.valueOf(fault.status()).reasonPhrase()));
  }

  private static MultiMap formOf(RoutingContext ctx) {
    String type = Optional.ofNullable(ctx.request().getHeader("Content-Type")).orElse("");
    return type.startsWith("application/x-www-form-urlencoded")
        || type.startsWith("multipart/form-data") ? ctx.request().formAttributes()
        : MultiMap.caseInsensitiveMultiMap();
  }

  private static JsonObject jsonOf(RoutingContext ctx) {
    String type = Optional.ofNullable(ctx.request().getHeader("Content-Type")).orElse("");
    if (!type.startsWith("application/json") || ctx.body().length() <= 0) {
      return null;
    }
    try {
      return ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw ApiError.message(400, "400 Bad request - the request body is not a JSON object");
    }
  }

  private static boolean constantTimeEquals(String a, String b) {
    return java.security.MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8),
        b.getBytes(StandardCharsets.UTF_8));
  }
}
