package dev.pdm.server.live;

import dev.pdm.server.store.RunStore;
import dev.pdm.server.store.StoredEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.HashMap;
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
 * once, whatever the number of clients, and offers it to every session. Survives a lost database connection: it
 * reconnects, then reads what it may have missed.
 */
public final class LiveHub {
  private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);
  private static final Duration HEARTBEAT = Duration.ofSeconds(15);
  private static final Duration DEAD_AFTER = Duration.ofSeconds(45);
  private final Vertx vertx;
  private final RunStore store;
  private final PgSubscriber subscriber;
  private final Set<LiveSession> sessions = ConcurrentHashMap.newKeySet();
  private final Map<UUID, Long> lastRead = new HashMap<>();
  private final Map<UUID, Future<Void>> reads = new HashMap<>();
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
        .subscribeHandler(v -> catchUpAll());
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
    long seq;
    try {
      JsonObject json = new JsonObject(payload);
      runId = UUID.fromString(json.getString("run_id"));
      seq = json.getLong("seq");
    } catch (RuntimeException e) {
      LOG.warn("ignoring malformed notification on {}: {}", RunStore.CHANNEL, e.getMessage());
      return;
    }
    lastRead.putIfAbsent(runId, seq - 1);
    readAfterLast(runId);
  }

  private void catchUpAll() {
    lastRead.keySet().forEach(this::readAfterLast);
  }

  /** Reads of one run are chained, so two notifications never read (and send) the same events twice. */
  private void readAfterLast(UUID runId) {
    Future<Void> previous = reads.getOrDefault(runId, Future.succeededFuture());
    Future<Void> next = previous.compose(v -> store.eventsAfter(runId, lastRead.get(runId), 1000))
        .map(events -> {
          sessions.removeIf(LiveSession::isClosed);
          for (StoredEvent event : events) {
            lastRead.put(runId, event.seq());
            sessions.forEach(s -> s.offer(event));
            fannedOut.accept(sessions.size());
          }
          return (Void) null;
        })
        .recover(err -> {
          LOG.warn("live hub could not read events of run {}: {}", runId, err.getMessage());
          return Future.succeededFuture();
        });
    reads.put(runId, next);
    next.onComplete(done -> reads.remove(runId, next));
  }

  private void heartbeat() {
    sessions.removeIf(LiveSession::isClosed);
    sessions.forEach(s -> s.heartbeat(deadAfter.toNanos()));
  }
}
