package dev.pdm.server.orchestrator;

import dev.pdm.server.store.RunLeases;
import dev.pdm.server.store.RunLeases.Claim;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's claims on runs. Claims are renewed on a timer of their own, a third of the lease apart, in one
 * statement: renewal never waits for GitLab or for a command. A claim that did not renew is lost, and forgotten.
 */
final class LeaseKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);
  private final Vertx vertx;
  private final RunLeases leases;
  private final String replica;
  private final Duration ttl;
  private final Map<UUID, Claim> claims = new ConcurrentHashMap<>();
  private final Consumer<UUID> onLost;
  private long timer = -1;
  private boolean renewing;

  LeaseKeeper(Vertx vertx, RunLeases leases, String replica, Duration ttl, Consumer<UUID> onLost) {
    this.vertx = vertx;
    this.leases = leases;
    this.replica = replica;
    this.ttl = ttl;
    this.onLost = onLost;
  }

  void start() {
    long every = Math.max(100, ttl.toMillis() / 3);
    timer = vertx.setPeriodic(every, every, id -> renew());
  }

  /** The claim held on the run, taking the lease when it is free or lapsed. */
  Future<Optional<Claim>> claim(UUID runId) {
    return leases.acquire(runId, replica, ttl).map(claim -> {
      Claim previous = claim.isPresent() ? claims.put(runId, claim.get()) : claims.remove(runId);
      if (claim.isPresent() && (previous == null || previous.epoch() != claim.get().epoch())) {
        LOG.info("replica {} drives run {} (lease epoch {})", replica, runId, claim.get().epoch());
      } else if (claim.isEmpty() && previous != null) {
        lost(runId);
      }
      return claim;
    });
  }

  Optional<Claim> held(UUID runId) {
    return Optional.ofNullable(claims.get(runId));
  }

  Set<UUID> runs() {
    return Set.copyOf(claims.keySet());
  }

  int count() {
    return claims.size();
  }

  /** Lets the run go: nothing is left to do for it here. */
  Future<Void> release(UUID runId) {
    Claim claim = claims.remove(runId);
    return claim == null ? Future.succeededFuture() : leases.release(claim);
  }

  /** Stops renewing and lets every run go. */
  Future<Void> releaseAll() {
    vertx.cancelTimer(timer);
    List<Future<Void>> released = new ArrayList<>();
    runs().forEach(runId -> released.add(release(runId)));
    return Future.join(released).mapEmpty();
  }

  private void renew() {
    if (renewing || claims.isEmpty()) {
      return;
    }
    renewing = true;
    List<Claim> current = new ArrayList<>(claims.values());
    leases.renew(replica, current, ttl)
        .onSuccess(held -> current.stream().filter(c -> !held.contains(c.runId())).forEach(c -> {
          if (claims.remove(c.runId(), c)) {
            lost(c.runId());
          }
        }))
        .onFailure(err -> LOG.warn("replica {} could not renew its leases: {}", replica, err.getMessage()))
        .onComplete(done -> renewing = false);
  }

  private void lost(UUID runId) {
    LOG.warn("replica {} lost its lease on run {}; another replica drives it now", replica, runId);
    onLost.accept(runId);
  }
}
