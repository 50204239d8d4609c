package dev.pdm.server.store;

import io.vertx.pgclient.PgException;
import java.util.Set;

/** Tells a failure of pdm's PostgreSQL to answer (an outage: try again later) from a refusal of a change. */
public final class StoreOutage {
  /** SQLSTATE classes of a database that is unreachable, starting or shutting down, or out of resources. */
  private static final Set<String> UNAVAILABLE_CLASSES = Set.of("08", "57", "53");

  private StoreOutage() {
  }

  /**
   * Whether {@code err} says the database could not be reached (no connection, a closed or timed-out one, a server
   * shutting down) rather than that it refused the change (a constraint, a stale run).
   */
  public static boolean is(Throwable err) {
    if (err instanceof PgException pg) {
      String state = pg.getSqlState() == null ? "" : pg.getSqlState();
      return state.length() >= 2 && UNAVAILABLE_CLASSES.contains(state.substring(0, 2));
    }
    return err instanceof java.net.ConnectException || err instanceof io.vertx.core.VertxException
        || err instanceof java.util.concurrent.TimeoutException
        || (err != null && err.getClass().getName().startsWith("io.vertx.sqlclient"));
  }
}
