package dev.pdm.server.metrics;

import dev.pdm.core.auth.ApiTokens;
import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.config.Secret;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * {@code GET /metrics} in Prometheus's text format. On pdm's own port it needs {@code Authorization: Bearer} with
 * {@code metrics.token} or any of pdm's API tokens (401 otherwise). On {@code metrics.port} it is the only route, and
 * needs {@code metrics.token} only when one is configured (that port is meant to be reachable by Prometheus alone).
 */
public final class MetricsEndpoint implements Handler<RoutingContext> {
  /** The path Prometheus scrapes. */
  public static final String PATH = "/metrics";
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private final PdmMetrics metrics;
  private final Optional<Secret> token;
  private final Optional<ApiTokens> apiTokens;

  private MetricsEndpoint(PdmMetrics metrics, Optional<Secret> token, Optional<ApiTokens> apiTokens) {
    this.metrics = metrics;
    this.token = token;
    this.apiTokens = apiTokens;
  }

  /** Mounts {@code /metrics} on pdm's router, unless the configuration gives it a port of its own. */
  public static void mount(Router router, PdmConfig.Metrics config, PdmMetrics metrics, ApiTokens apiTokens) {
    if (config.port() == 0) {
      router.get(PATH).handler(new MetricsEndpoint(metrics, config.token(), Optional.of(apiTokens)));
    }
  }

  /** Listens on {@code metrics.port}, serving only {@code /metrics}; nothing when it is 0. */
  public static Future<Optional<HttpServer>> listenSeparately(Vertx vertx, String host, PdmConfig.Metrics config,
      PdmMetrics metrics) {
    if (config.port() == 0) {
      return Future.succeededFuture(Optional.empty());
    }
    Router router = Router.router(vertx);
    router.get(PATH).handler(new MetricsEndpoint(metrics, config.token(), Optional.empty()));
    router.route().handler(ctx -> reply(ctx, 404, "only " + PATH + " is served on this port"));
    return vertx.createHttpServer().requestHandler(router).listen(config.port(), host).map(Optional::of);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!authorized(ctx.request().getHeader("Authorization"))) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"pdm metrics\"");
      reply(ctx, 401, "scraping needs Authorization: Bearer with metrics.token"
          + (apiTokens.isPresent() ? " or a pdm API token" : ""));
      return;
    }
    ctx.response().putHeader("content-type", CONTENT_TYPE).putHeader("cache-control", "no-store")
        .end(metrics.scrape());
  }

  private boolean authorized(String header) {
    if (token.isEmpty() && apiTokens.isEmpty()) {
      return true;
    }
    Optional<String> bearer = Optional.ofNullable(header).filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(h -> h.substring(7).trim()).filter(b -> !b.isEmpty());
    if (bearer.isEmpty()) {
      return false;
    }
    boolean metricsToken = token.map(t -> MessageDigest.isEqual(t.reveal().getBytes(StandardCharsets.UTF_8),
        bearer.get().getBytes(StandardCharsets.UTF_8))).orElse(false);
    return metricsToken || apiTokens.flatMap(tokens -> tokens.authenticate(bearer.get())).isPresent();
  }

  private static void reply(RoutingContext ctx, int status, String message) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("message", message).encode());
  }
}
