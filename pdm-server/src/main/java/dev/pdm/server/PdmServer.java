package dev.pdm.server;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.server.store.DatabaseUrl;
import dev.pdm.server.store.SchemaMigrator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running pdm: schema migrated, pool open, HTTP listening. {@link #close()} undoes it in reverse order. */
public final class PdmServer {
  private static final Logger LOG = LoggerFactory.getLogger(PdmServer.class);
  private final HttpServer http;
  private final Pool pool;

  private PdmServer(HttpServer http, Pool pool) {
    this.http = http;
    this.pool = pool;
  }

  /** Migrates the schema (on a worker thread), opens the pool and starts listening. */
  public static Future<PdmServer> start(Vertx vertx, PdmConfig config, DatabaseUrl database) {
    return vertx.executeBlocking(() -> SchemaMigrator.migrate(database), false)
        .compose(version -> {
          Pool pool = PgBuilder.pool()
              .with(new PoolOptions().setMaxSize(config.database().poolSize()))
              .connectingTo(database.connectOptions())
              .using(vertx)
              .build();
          return vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
              .requestHandler(HttpRoutes.create(vertx, pool))
              .listen(config.server().port(), config.server().host())
              .onFailure(err -> pool.close())
              .map(http -> new PdmServer(http, pool));
        })
        .onSuccess(server -> LOG.info("pdm listening on {}:{}", config.server().host(), server.port()));
  }

  /** The port actually bound (useful when configured as 0). */
  public int port() {
    return http.actualPort();
  }

  /** Stops accepting requests, then closes the pool. */
  public Future<Void> close() {
    return http.close()
        .eventually(pool::close)
        .onComplete(done -> LOG.info("pdm stopped"));
  }
}
