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
  private final ApiResponder responder = new ApiResponder();

  public RestApi(Vertx vertx, String token, Backend backend, InjectedFaults faults,
      GitLabJson json) {
    this.vertx = vertx;
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
    HttpServerRequest request = ctx.request();
    String path = request.path().substring(ROOT.length());
    Optional<HttpFault> fault = faults.httpFault(request.method().name(), path);
    int delay = fault.map(HttpFault::delayMs).orElse(0);
    if (delay > 0) {
      vertx.setTimer(delay, id -> serve(ctx, path, fault));
    } else {
      serve(ctx, path, fault);
    }
  }

  private void serve(RoutingContext ctx, String path, Optional<HttpFault> fault) {
    HttpServerResponse response = ctx.response();
    responder.rateLimitHeaders(response, fault.filter(f -> f.status() == 429).isPresent());
    if (fault.isPresent() && fault.get().status() >= 400) {
      injected(response, fault.get());
      return;
    }
    Optional<Optional<Set<String>>> scope = authenticate(ctx.request());
    if (scope.isEmpty()) {
      responder.error(response, ApiError.message(401, "401 Unauthorized"));
      return;
    }
    String method = ctx.request().method().name();
    Optional<ApiRouter.Match> match = router.match(method, path);
    if (match.isEmpty()) {
      responder.error(response, ApiError.message(404, "404 Not Found"));
      return;
    }
    try {
      ApiRequest apiRequest = new ApiRequest(method, match.get().params(),
          ctx.queryParams(), formOf(ctx), jsonOf(ctx), scope.get());
      responder.respond(ctx, match.get().handler().handle(apiRequest));
    } catch (ApiError e) {
      responder.error(response, e);
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", method, path, e);
      responder.error(response, ApiError.message(500, "500 Internal Server Error"));
    }
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
