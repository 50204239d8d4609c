package dev.pdm.server;

import dev.pdm.core.auth.ApiTokens;
import dev.pdm.core.config.PdmConfig;
import dev.pdm.server.health.GitLabReachability;
import dev.pdm.server.health.HealthMonitor;
import dev.pdm.server.live.LiveEndpoint;
import dev.pdm.server.metrics.ActiveRunGauges;
import dev.pdm.server.metrics.MetricsEndpoint;
import dev.pdm.server.metrics.PdmMetrics;
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
  private final Background background;

  /** What runs beside the HTTP server and stops before the pool closes. */
  private record Background(HealthMonitor health, ActiveRunGauges gauges, Optional<HttpServer> metricsServer) {
    Future<Void> stop() {
      health.stop();
      gauges.stop();
      return metricsServer.map(HttpServer::close).orElse(Future.succeededFuture());
    }
  }

  private PdmServer(HttpServer http, Router router, LiveHub hub, Pool pool, Optional<Driving> driving,
      Background background) {
    this.http = http;
    this.router = router;
    this.hub = hub;
    this.pool = pool;
    this.driving = driving;
    this.background = background;
  }

  /** Migrates the schema (on a worker thread), opens the pool, starts the live hub and starts listening. */
  public static Future<PdmServer> start(Vertx vertx, PdmConfig config, DatabaseUrl database, ApiTokens tokens) {
    return start(vertx, config, database, tokens, Clock.systemUTC(), new PdmMetrics(), false);
  }

  /** As {@link #start(Vertx, PdmConfig, DatabaseUrl, ApiTokens)}, with the clock runs and sessions are stamped with. */
  public static Future<PdmServer> start(Vertx vertx, PdmConfig config, DatabaseUrl database, ApiTokens tokens,
      Clock clock) {
    return start(vertx, config, database, tokens, clock, new PdmMetrics(), false);
  }

  /**
   * As {@link #start(Vertx, PdmConfig, DatabaseUrl, ApiTokens)}, with the clock runs and sessions are stamped with,
   * recording metrics in {@code metrics}; {@code sandboxMode} allows sign-in links.
   */
  public static Future<PdmServer> start(Vertx vertx, PdmConfig config, DatabaseUrl database, ApiTokens tokens,
      Clock clock, PdmMetrics metrics, boolean sandboxMode) {
    return vertx.executeBlocking(() -> {
      EventLoopWarmUp.run();
      return SchemaMigrator.migrate(database);
    }, false)
        .compose(version -> {
          Pool pool = PgBuilder.pool()
              // A request waits for a connection at most this long: with PostgreSQL down, it is answered 503 at once.
              .with(new PoolOptions().setMaxSize(config.database().poolSize()).setConnectionTimeout(5)
                  .setConnectionTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS))
              .connectingTo(database.connectOptions())
              .using(vertx)
              .build();
          RunStore store = new RunStore(pool);
          LiveHub hub = new LiveHub(vertx, database.connectOptions(), store, metrics::eventFannedOut);
          metrics.watchLiveClients(hub::sessionCount);
          AtomicInteger listening = new AtomicInteger(config.server().port());
          // Ages of ticks and GitLab answers are wall-clock facts, whatever clock runs are stamped with.
          GitLabReachability reachability = new GitLabReachability(Clock.systemUTC());
          Optional<Driving> driving = config.gitlab().map(gitlab -> Driving.create(vertx, config, pool, store, clock,
              listening::get, metrics, reachability));
          driving.ifPresent(d -> d.overview().onChange(view -> hub.broadcast(new JsonObject().put("type", "overview")
              .put("overview", view))));
          LiveEndpoint live = new LiveEndpoint(vertx, hub, store, config.server().publicUrl(),
              () -> driving.flatMap(d -> d.overview().latest()), config.auth().liveSessionsPerToken());
          HealthMonitor health = new HealthMonitor(vertx, pool, version,
              driving.map(d -> d.orchestrator()::status), driving.map(d -> reachability), Clock.systemUTC());
          ActiveRunGauges gauges = new ActiveRunGauges(vertx, pool, metrics);
          Router router = HttpRoutes.create(vertx, config, new HttpRoutes.Parts(pool, tokens, live, driving, health,
              metrics, () -> config.server().publicUrl().orElse("http://localhost:" + listening.get()), sandboxMode,
              clock));
          return hub.start()
              .compose(v -> MetricsEndpoint.listenSeparately(vertx, config.server().host(), config.metrics(), metrics))
              .compose(metricsServer -> vertx.createHttpServer(httpOptions(config.server()))
                  .requestHandler(router)
                  .listen(config.server().port(), config.server().host())
                  .onSuccess(http -> {
                    listening.set(http.actualPort());
                    driving.ifPresent(Driving::start);
                    gauges.start();
                  })
                  .compose(http -> health.start().map(v -> new PdmServer(http, router, hub, pool, driving,
                      new Background(health, gauges, metricsServer))))
                  .onFailure(err -> metricsServer.ifPresent(HttpServer::close)))
              .onFailure(err -> hub.close().eventually(pool::close));
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

  /** This replica's name in leases, logs and metrics, when it drives runs. */
  public Optional<String> replica() {
    return driving.map(d -> d.orchestrator().replica());
  }

  /** The port actually bound (useful when configured as 0). */
  public int port() {
    return http.actualPort();
  }

  /** Stops accepting requests, closes live sessions, then closes the pool. */
  public Future<Void> close() {
    return http.close()
        .eventually(background::stop)
        .eventually(() -> driving.map(Driving::stop).orElse(Future.succeededFuture()))
        .eventually(hub::close)
        .eventually(pool::close)
        .onComplete(done -> LOG.info("pdm stopped"));
  }
}
