package dev.pdm.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Which replica drives which run, as fencing tokens. A lease is taken when free or lapsed, with a new epoch; its
 * holder renews it on a timer of its own (never waiting on GitLab). Every write a holder makes on the run's behalf
 * proves, in its transaction, that its claim (owner and epoch) still holds: a replica that lost the run, paused or
 * partitioned, cannot store anything once another one took over.
 */
public final class RunLeases {
  private final Pool pool;

  public RunLeases(Pool pool) {
    this.pool = pool;
  }

  /** Takes the run's lease if free or lapsed (a new epoch), or renews {@code owner}'s own live lease (same epoch). */
  public Future<Optional<Claim>> acquire(UUID runId, String owner, Duration ttl) {
    return pool.preparedQuery("INSERT INTO run_leases (run_id, owner, expires_at, epoch) "
            + "VALUES ($1, $2, now() + make_interval(secs => $3), 1) "
            + "ON CONFLICT (run_id) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at, "
            + "epoch = CASE WHEN run_leases.owner = EXCLUDED.owner AND run_leases.expires_at >= now() "
            + "THEN run_leases.epoch ELSE run_leases.epoch + 1 END "
            + "WHERE run_leases.owner = EXCLUDED.owner OR run_leases.expires_at < now() "
            + "RETURNING epoch")
        .execute(Tuple.of(runId, owner, seconds(ttl)))
        .map(rows -> rows.size() == 1 ? Optional.of(new Claim(runId, owner, rows.iterator().next().getLong("epoch")))
            : Optional.<Claim>empty());
  }

  /** Extends every claim still held as it was; answers the runs whose claims held (the others are lost). */
  public Future<Set<UUID>> renew(String owner, Collection<Claim> claims, Duration ttl) {
    if (claims.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    UUID[] runs = claims.stream().map(Claim::runId).toArray(UUID[]::new);
    Long[] epochs = claims.stream().map(Claim::epoch).toArray(Long[]::new);
    return pool.preparedQuery("UPDATE run_leases SET expires_at = now() + make_interval(secs => $2) "
            + "WHERE owner = $1 AND expires_at >= now() "
            + "AND (run_id, epoch) IN (SELECT * FROM unnest($3::uuid[], $4::bigint[])) RETURNING run_id")
        .execute(Tuple.of(owner, seconds(ttl), runs, epochs))
        .map(rows -> {
          Set<UUID> held = new HashSet<>();
          rows.forEach(row -> held.add(row.getUUID("run_id")));
          return held;
        });
  }

  /** Gives the lease up, if the claim still holds; the epoch stays, so the next holder's is higher. */
  public Future<Void> release(Claim claim) {
    return pool.preparedQuery("UPDATE run_leases SET expires_at = now() - interval '1 second' "
            + "WHERE run_id = $1 AND owner = $2 AND epoch = $3")
        .execute(Tuple.of(claim.runId(), claim.owner(), claim.epoch())).mapEmpty();
  }

  /** Fails with {@link LeaseLostException} unless the claim holds; locks the lease until the transaction ends. */
  static Future<Void> verify(SqlConnection conn, Claim claim) {
    return conn.preparedQuery("SELECT 1 FROM run_leases WHERE run_id = $1 AND owner = $2 AND epoch = $3 "
            + "AND expires_at > now() FOR SHARE")
        .execute(Tuple.of(claim.runId(), claim.owner(), claim.epoch()))
        .compose(rows -> rows.size() == 1 ? Future.<Void>succeededFuture() : Future.failedFuture(new LeaseLostException(claim)));
  }

  /** Whether the claim still holds now. */
  public Future<Boolean> holds(Claim claim) {
    return pool.withConnection(conn -> verify(conn, claim)).map(true)
        .recover(err -> err instanceof LeaseLostException ? Future.succeededFuture(false) : Future.failedFuture(err));
  }

  private static double seconds(Duration ttl) {
    return ttl.toMillis() / 1000.0;
  }

  /**
   * A replica's claim on a run: the fencing token its writes carry.
   *
   * @param epoch increases at every change of holder; a write with an older epoch is refused
   */
  public record Claim(UUID runId, String owner, long epoch) {
  }
}
