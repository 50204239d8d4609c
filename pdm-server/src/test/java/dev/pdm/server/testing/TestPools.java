package dev.pdm.server.testing;

import dev.pdm.server.store.DatabaseUrl;
import dev.pdm.server.store.SchemaMigrator;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Fresh, migrated test databases and pools on them. */
public final class TestPools {
  private TestPools() {
  }

  public static Pool pool(Vertx vertx, DatabaseUrl url) {
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(8)).connectingTo(url.connectOptions()).using(vertx)
        .build();
  }

  public static DatabaseUrl migratedUrl() {
    DatabaseUrl url = TestDatabase.fresh();
    SchemaMigrator.migrate(url);
    return url;
  }
}
