package dev.pdm.server;

import dev.pdm.core.auth.ApiTokens;
import dev.pdm.core.config.PdmConfig;
import dev.pdm.server.live.LiveEndpoint;
import dev.pdm.server.live.LiveHub;
import dev.pdm.server.store.DatabaseUrl;
import dev.pdm.server.store.RunStore;
import dev.pdm.server.store.SchemaMigrator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running pdm: schema migrated, pool open, live hub listening, HTTP serving. {@link #close()} undoes it in reverse
 * order.
 */
public final class PdmServer {
  private static final Logger LOG = LoggerFactory.getLogger(PdmServer.class);
  private final HttpServer http;
  private final Router router;
  private final LiveHub hub;
  private final Pool pool;
  private final Optional<Driving> driving;

  private PdmServer(HttpServer http, Router router, LiveHub hub, Pool pool, Optional<Driving> driving) {
    this.http = http;
    this.router = router;
    this.hub = hub;
    this.pool = pool;
    this.driving = driving;
  }

  /** Migrates the schema (on a worker thread), opens the pool, starts the live hub and starts listening. */
  public static Future<PdmServer> start(Vertx vertx, PdmConfig config, DatabaseUrl database, ApiTokens tokens) {
    return start(vertx, config, database, tokens, Clock.systemUTC());
  }

  /** As {@link #start(Vertx, PdmConfig, DatabaseUrl, ApiTokens)}, with the clock runs and sessions are stamped with. */
  public static Future<PdmServer> start(Vertx vertx, PdmConfig config, DatabaseUrl database, ApiTokens tokens,
      Clock clock) {
    return start(vertx, config, database, tokens, clock, false);
  }

  /** As {@link #start(Vertx, PdmConfig, DatabaseUrl, ApiTokens, Clock)}; {@code sandboxMode} allows sign-in links. */
  public static Future<PdmServer> start(Vertx vertx, PdmConfig config, DatabaseUrl database, ApiTokens tokens,
      Clock clock, boolean sandboxMode) {
    return vertx.executeBlocking(() -> SchemaMigrator.migrate(database), false)
        .compose(version -> {
          Pool pool = PgBuilder.pool()
              .with(new PoolOptions().setMaxSize(config.database().poolSize()))
              .connectingTo(database.connectOptions())
              .using(vertx)
              .build();
          RunStore store = new RunStore(pool);
          LiveHub hub = new LiveHub(vertx, database.connectOptions(), store);
          AtomicInteger listening = new AtomicInteger(config.server().port());
          Optional<Driving> driving = config.gitlab().map(gitlab -> Driving.create(vertx, config, pool, store, clock,
              listening::get));
          driving.ifPresent(d -> d.overview().onChange(view -> hub.broadcast(new JsonObject().put("type", "overview")
              .put("overview", view))));
          LiveEndpoint live = new LiveEndpoint(vertx, hub, store, config.server().publicUrl(),
              () -> driving.flatMap(d -> d.overview().latest()), config.auth().liveSessionsPerToken());
          Router router = HttpRoutes.create(vertx, config, pool, tokens, live, driving, sandboxMode, clock);
          return hub.start()
              .compose(v -> vertx.createHttpServer(httpOptions(config.server()))
                  .requestHandler(router)
                  .listen(config.server().port(), config.server().host()))
              .onSuccess(http -> {
                listening.set(http.actualPort());
                driving.ifPresent(Driving::start);
              })
              .onFailure(err -> hub.close().eventually(pool::close))
              .map(http -> new PdmServer(http, router, hub, pool, driving));
        })
        .onSuccess(server -> LOG.info("pdm listening on {}:{}", config.server().host(), server.port()));
  }

  /** The HTTP server's options: a connection silent for {@code server.idle_timeout_seconds} is closed. */
  static HttpServerOptions httpOptions(PdmConfig.Server server) {
    return new HttpServerOptions().setCompressionSupported(true)
        .setIdleTimeout(server.idleTimeoutSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS);
  }

  /** Every {@code METHOD /path} the API answers, e.g. {@code POST /api/v1/runs/{id}/cancel}. */
  public Set<String> apiRoutes() {
    Set<String> api = new TreeSet<>();
    routes().stream().filter(r -> r.contains(" /api/v1/") && !r.startsWith("ANY ")).forEach(api::add);
    return api;
  }

  /**
   * Every route of the Router with a path, as {@code METHOD /path} ({@code ANY /path} for a route of every method,
   * such as the static files or the authentication in front of {@code /api/*}), path parameters as {@code {name}}.
   */
  public Set<String> routes() {
    Set<String> routes = new TreeSet<>();
    router.getRoutes().forEach(route -> {
      String path = route.getPath();
      if (path == null) {
        return;
      }
      String shown = path.replaceAll(":(\\w+)", "{$1}") + (route.isExactPath() ? "" : "*");
      if (route.methods() == null || route.methods().isEmpty()) {
        routes.add("ANY " + shown);
      } else {
        route.methods().forEach(m -> routes.add(m.name() + " " + shown));
      }
    });
    return routes;
  }

  /** The port actually bound (useful when configured as 0). */
  public int port() {
    return http.actualPort();
  }

  /** Stops accepting requests, closes live sessions, then closes the pool. */
  public Future<Void> close() {
    return http.close()
        .eventually(() -> driving.map(Driving::stop).orElse(Future.succeededFuture()))
        .eventually(hub::close)
        .eventually(pool::close)
        .onComplete(done -> LOG.info("pdm stopped"));
  }
}
