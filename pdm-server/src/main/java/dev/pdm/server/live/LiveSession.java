package dev.pdm.server.live;

import dev.pdm.server.store.RunStore;
import dev.pdm.server.store.StoredEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected client. Keeps, per run, the last sequence number it sent, so every event goes out exactly once and
 * in order: older ones are dropped, and a gap (an event further on than the next) is filled from the store first.
 * All sends go through one chain of futures, so replays and live events never interleave. A send that fills the
 * socket's write queue waits for it to drain before the next: a replay goes a small page at a time as fast as the
 * client reads, and a client is dropped only when it reads nothing for {@code stall}. Whoever calls it, its work runs
 * on the event loop of its connection.
 */
final class LiveSession {
  /** Close code for a client that reads too slowly; it should reconnect with {@code since}. */
  static final short TOO_SLOW = 4008;
  private static final Logger LOG = LoggerFactory.getLogger(LiveSession.class);
  /** Events read from the store, and written, at a time when replaying. */
  static final int REPLAY_PAGE = 50;
  private final Context context;
  private final ServerWebSocket socket;
  private final RunStore store;
  private final SnapshotReads snapshots;
  private final String caller;
  private final long stallMillis;
  private final Map<UUID, Long> lastSent = new HashMap<>();
  private Future<Void> chain = Future.succeededFuture();
  private long lastPongNanos = System.nanoTime();
  private volatile boolean closed;

  LiveSession(Context context, ServerWebSocket socket, RunStore store, SnapshotReads snapshots, String caller,
      Duration stall) {
    this.context = context;
    this.socket = socket;
    this.store = store;
    this.snapshots = snapshots;
    this.caller = caller;
    this.stallMillis = Math.max(1, stall.toMillis());
    socket.pongHandler(pong -> lastPongNanos = System.nanoTime());
  }

  /** Sends a message that is not a run event (hello, snapshot, error). */
  void sendControl(JsonObject message) {
    onContext(() -> enqueue(() -> write(message.encode())));
  }

  /**
   * Sends the active runs as they are now; later events of those runs continue from each run's {@code last_seq}, so
   * the snapshot and the events after it never overlap or leave a gap.
   */
  void sendSnapshot(Optional<JsonObject> overview) {
    onContext(() -> enqueue(() -> onThisContext(snapshots.next()).compose(snapshot -> {
      JsonArray summaries = new JsonArray();
      snapshot.runs().forEach(run -> {
        summaries.add(run.toJson(snapshot.tails().getOrDefault(run.id(), List.of())));
        lastSent.putIfAbsent(run.id(), run.lastSeq());
      });
      return write(new JsonObject().put("type", "snapshot").put("runs", summaries)
          .put("overview", overview.orElse(null)).encode());
    })));
  }

  /** The result, on this session's event loop (a shared read completes on whichever asked first). */
  private <T> Future<T> onThisContext(Future<T> result) {
    Promise<T> here = Promise.promise();
    result.onComplete(done -> context.runOnContext(v -> here.handle(done)));
    return here.future();
  }

  /** Replays the run's events after {@code since} (what the client says it has), then continues live. */
  void resume(UUID runId, long since) {
    onContext(() -> enqueue(() -> {
      lastSent.put(runId, since);
      return fillUpTo(runId, Long.MAX_VALUE);
    }));
  }

  /** A live event; sent if it is the next one, after filling any gap before it. */
  void offer(LiveEvent event) {
    onContext(() -> enqueue(() -> {
      Long last = lastSent.get(event.runId());
      if (last == null) {
        lastSent.put(event.runId(), event.seq());
        return write(event.text());
      }
      if (event.seq() <= last) {
        return Future.succeededFuture();
      }
      if (event.seq() == last + 1) {
        lastSent.put(event.runId(), event.seq());
        return write(event.text());
      }
      return fillUpTo(event.runId(), event.seq());
    }));
  }

  /** Pings; closes the session when the client stopped answering pings for {@code deadNanos}. */
  void heartbeat(long deadNanos) {
    onContext(() -> {
      if (System.nanoTime() - lastPongNanos > deadNanos) {
        close((short) 1001, "no answer to pings");
      } else if (!closed) {
        socket.writePing(io.vertx.core.buffer.Buffer.buffer("pdm"));
      }
    });
  }

  void close(short code, String reason) {
    onContext(() -> closeNow(code, reason));
  }

  private void onContext(Runnable action) {
    context.runOnContext(v -> action.run());
  }

  private void closeNow(short code, String reason) {
    if (!closed) {
      closed = true;
      LOG.info("live session of {} closed: {}", caller, reason);
      socket.close(code, reason);
    }
  }

  /** The name of the token the session was opened with. */
  String caller() {
    return caller;
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Sends the run's events after the last one sent, up to {@code upTo}, a page at a time. Each page starts from a
   * completed one rather than from inside it: a chain of futures nested page in page would keep every page already
   * sent in memory until the last, the whole history per replaying client.
   */
  private Future<Void> fillUpTo(UUID runId, long upTo) {
    Promise<Void> filled = Promise.promise();
    fillPage(runId, upTo, filled);
    return filled.future();
  }

  private void fillPage(UUID runId, long upTo, Promise<Void> filled) {
    long from = lastSent.getOrDefault(runId, 0L);
    if (from >= upTo || closed) {
      filled.complete();
      return;
    }
    store.eventsAfter(runId, from, REPLAY_PAGE)
        .compose(events -> sendAll(runId, events, upTo).map(events.size() == REPLAY_PAGE))
        .onSuccess(more -> {
          if (more) {
            fillPage(runId, upTo, filled);
          } else {
            filled.complete();
          }
        })
        .onFailure(filled::fail);
  }

  private Future<Void> sendAll(UUID runId, List<StoredEvent> events, long upTo) {
    Future<Void> writes = Future.succeededFuture();
    for (StoredEvent e : events) {
      if (e.seq() > upTo) {
        break;
      }
      lastSent.put(runId, e.seq());
      writes = writes.compose(v -> write(LiveEvent.of(e).text()));
    }
    return writes;
  }

  private void enqueue(java.util.function.Supplier<Future<Void>> step) {
    chain = chain.compose(v -> closed ? Future.<Void>succeededFuture() : step.get())
        .recover(err -> {
          LOG.warn("live session of {}: {}", caller, err.getMessage());
          closeNow((short) 1011, "server error: " + err.getMessage());
          return Future.succeededFuture();
        });
  }

  /**
   * Writes a message; when that fills the socket's write queue, the next write waits for it to drain, and a client
   * that reads nothing for the stall time is closed.
   */
  private Future<Void> write(String text) {
    if (closed) {
      return Future.succeededFuture();
    }
    socket.writeTextMessage(text);
    if (!socket.writeQueueFull()) {
      return Future.succeededFuture();
    }
    Promise<Void> drained = Promise.promise();
    long timer = context.owner().setTimer(stallMillis, id -> {
      if (drained.tryComplete()) {
        closeNow(TOO_SLOW, "client too slow: reconnect with since=<last seq received> to catch up");
      }
    });
    socket.drainHandler(v -> {
      context.owner().cancelTimer(timer);
      drained.tryComplete();
    });
    return drained.future();
  }
}
