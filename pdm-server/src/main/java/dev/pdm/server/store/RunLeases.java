package dev.pdm.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.UUID;

/**
 * Which replica drives which run. A lease is taken when free or expired and renewed by its owner; a replica that
 * dies stops renewing, and another takes the run over once the lease expires.
 */
public final class RunLeases {
  private final Pool pool;

  public RunLeases(Pool pool) {
    this.pool = pool;
  }

  /** Takes or renews the lease; true when {@code owner} holds it for {@code ttl} from now. */
  public Future<Boolean> acquire(UUID runId, String owner, Duration ttl) {
    return pool.preparedQuery("INSERT INTO run_leases (run_id, owner, expires_at) "
            + "VALUES ($1, $2, now() + make_interval(secs => $3)) "
            + "ON CONFLICT (run_id) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at "
            + "WHERE run_leases.owner = EXCLUDED.owner OR run_leases.expires_at < now() "
            + "RETURNING owner")
        .execute(Tuple.of(runId, owner, ttl.toMillis() / 1000.0))
        .map(rows -> rows.size() == 1);
  }

  /** Gives the lease up, if {@code owner} holds it. */
  public Future<Void> release(UUID runId, String owner) {
    return pool.preparedQuery("DELETE FROM run_leases WHERE run_id = $1 AND owner = $2")
        .execute(Tuple.of(runId, owner)).mapEmpty();
  }
}
