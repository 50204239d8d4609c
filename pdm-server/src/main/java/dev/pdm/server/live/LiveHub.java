package dev.pdm.server.live;

import dev.pdm.server.store.RunStore;
import dev.pdm.server.store.StoredEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.time.Instant;
import java.util.HashMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.time.Duration;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's end of the live channel: listens to {@link RunStore#CHANNEL}, reads each new event from the store
 * once and encodes it once, whatever the number of clients, and offers it to every session. Survives a lost database
 * connection: once reconnected it reads again every run that changed meanwhile (also runs it never heard of), and it
 * does so every heartbeat too, so that a lost notification costs a delay, never an event. Forgets runs that were quiet
 * for a while.
 */
public final class LiveHub {
  private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);
  private static final Duration HEARTBEAT = Duration.ofSeconds(15);
  private static final Duration DEAD_AFTER = Duration.ofSeconds(45);
  /** How far before the last catch-up the next one looks (a transaction commits after its events' time). */
  private static final Duration CATCH_UP_MARGIN = Duration.ofMinutes(1);
  /** A run with no event for this long is forgotten (heard of again at its next event). */
  private static final Duration FORGET_AFTER = Duration.ofMinutes(10);
  private static final int READ_PAGE = 200;
  private final Vertx vertx;
  private final RunStore store;
  private final PgSubscriber subscriber;
  private final Set<LiveSession> sessions = ConcurrentHashMap.newKeySet();
  private final Map<UUID, Long> lastRead = new HashMap<>();
  private final Map<UUID, Long> lastHeardNanos = new HashMap<>();
  private final Map<UUID, Future<Void>> reads = new HashMap<>();
  private Optional<Instant> caughtUpAt = Optional.empty();
  private boolean catchingUp;
  private final Duration heartbeat;
  private final Duration deadAfter;
  private final IntConsumer fannedOut;
  private long heartbeatTimer = -1;

  public LiveHub(Vertx vertx, PgConnectOptions database, RunStore store) {
    this(vertx, database, store, HEARTBEAT, DEAD_AFTER, clients -> {
    });
  }

  /** Telling {@code fannedOut}, for each run event, how many sessions it was offered to. */
  public LiveHub(Vertx vertx, PgConnectOptions database, RunStore store, IntConsumer fannedOut) {
    this(vertx, database, store, HEARTBEAT, DEAD_AFTER, fannedOut);
  }

  /** With pings every {@code heartbeat}, closing sessions that answered none for {@code deadAfter}. */
  LiveHub(Vertx vertx, PgConnectOptions database, RunStore store, Duration heartbeat, Duration deadAfter,
      IntConsumer fannedOut) {
    this.fannedOut = fannedOut;
    this.vertx = vertx;
    this.store = store;
    this.subscriber = PgSubscriber.subscriber(vertx, database).reconnectPolicy(retries -> 1000L);
    this.heartbeat = heartbeat;
    this.deadAfter = deadAfter;
  }

  public Future<Void> start() {
    subscriber.channel(RunStore.CHANNEL)
        .handler(this::notified)
        .subscribeHandler(v -> catchUp());
    heartbeatTimer = vertx.setPeriodic(heartbeat.toMillis(), id -> heartbeat());
    return subscriber.connect().onSuccess(v -> LOG.info("live hub listening on {}", RunStore.CHANNEL));
  }

  public Future<Void> close() {
    vertx.cancelTimer(heartbeatTimer);
    List.copyOf(sessions).forEach(s -> s.close((short) 1001, "server shutting down"));
    sessions.clear();
    return subscriber.close();
  }

  /** Sends a message that is not a run event (an overview change) to every session of this replica. */
  public void broadcast(JsonObject message) {
    sessions.forEach(s -> s.sendControl(message));
  }

  /** Adds the session unless its caller already holds {@code perCaller} open ones; false when refused. */
  synchronized boolean add(LiveSession session, int perCaller) {
    sessions.removeIf(LiveSession::isClosed);
    long held = sessions.stream().filter(s -> s.caller().equals(session.caller())).count();
    if (held >= perCaller) {
      return false;
    }
    sessions.add(session);
    return true;
  }

  void remove(LiveSession session) {
    sessions.remove(session);
  }

  /** Sessions still open; one closed by the server (too slow, dead) counts no more, even before its socket ends. */
  public int sessionCount() {
    sessions.removeIf(LiveSession::isClosed);
    return sessions.size();
  }

  private void notified(String payload) {
    UUID runId;
    long first;
    try {
      JsonObject json = new JsonObject(payload);
      runId = UUID.fromString(json.getString("run_id"));
      // Replicas of an older pdm say only the newest event's seq.
      first = json.getLong("first", json.getLong("seq"));
    } catch (RuntimeException e) {
      LOG.warn("ignoring malformed notification on {}: {}", RunStore.CHANNEL, e.getMessage());
      return;
    }
    lastRead.putIfAbsent(runId, first - 1);
    readAfterLast(runId);
  }

  /**
   * Reads again every run that changed since shortly before the last catch-up, from its first event since for a run
   * not heard of; the first catch-up only notes the time (the sessions' snapshots hold what came before).
   */
  private void catchUp() {
    if (catchingUp) {
      return;
    }
    catchingUp = true;
    store.changedSince(caughtUpAt.map(at -> at.minus(CATCH_UP_MARGIN)))
        .onSuccess(changes -> {
          caughtUpAt = Optional.of(changes.now());
          changes.firstSeqs().forEach((runId, first) -> {
            lastRead.putIfAbsent(runId, first - 1);
            readAfterLast(runId);
          });
        })
        .onFailure(err -> LOG.warn("live hub could not catch up: {}", err.getMessage()))
        .onComplete(done -> catchingUp = false);
  }

  private void forgetQuietRuns() {
    long now = System.nanoTime();
    lastHeardNanos.entrySet().removeIf(heard -> {
      boolean quiet = now - heard.getValue() > FORGET_AFTER.toNanos() && !reads.containsKey(heard.getKey());
      if (quiet) {
        lastRead.remove(heard.getKey());
      }
      return quiet;
    });
  }

  /** Reads of one run are chained, so two notifications never read (and send) the same events twice. */
  private void readAfterLast(UUID runId) {
    Future<Void> previous = reads.getOrDefault(runId, Future.succeededFuture());
    Future<Void> next = previous.compose(v -> readPages(runId))
        .recover(err -> {
          LOG.warn("live hub could not read events of run {}: {}", runId, err.getMessage());
          return Future.succeededFuture();
        });
    reads.put(runId, next);
    next.onComplete(done -> reads.remove(runId, next));
  }

  /** Reads and offers the run's events after the last one read, a page at a time, up to its newest. */
  private Future<Void> readPages(UUID runId) {
    return store.eventsAfter(runId, lastRead.getOrDefault(runId, 0L), READ_PAGE).compose(events -> {
      sessions.removeIf(LiveSession::isClosed);
      lastHeardNanos.put(runId, System.nanoTime());
      for (StoredEvent stored : events) {
        lastRead.put(runId, stored.seq());
        LiveEvent event = LiveEvent.of(stored);
        sessions.forEach(s -> s.offer(event));
        fannedOut.accept(sessions.size());
      }
      return events.size() == READ_PAGE ? readPages(runId) : Future.succeededFuture();
    });
  }

  private void heartbeat() {
    sessions.removeIf(LiveSession::isClosed);
    sessions.forEach(s -> s.heartbeat(deadAfter.toNanos()));
    catchUp();
    forgetQuietRuns();
  }
}
