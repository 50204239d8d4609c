package dev.pdm.server.live;

import dev.pdm.server.store.RunStore;
import dev.pdm.server.store.StoredEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
 * All sends go through one chain of futures, so replays and live events never interleave. Whoever calls it, its
 * work runs on the event loop of its connection.
 */
final class LiveSession {
  /** Close code for a client that reads too slowly; it should reconnect with {@code since}. */
  static final short TOO_SLOW = 4008;
  private static final Logger LOG = LoggerFactory.getLogger(LiveSession.class);
  private static final int REPLAY_PAGE = 500;
  private final Context context;
  private final ServerWebSocket socket;
  private final RunStore store;
  private final String caller;
  private final Map<UUID, Long> lastSent = new HashMap<>();
  private Future<Void> chain = Future.succeededFuture();
  private long lastPongNanos = System.nanoTime();
  private volatile boolean closed;

  LiveSession(Context context, ServerWebSocket socket, RunStore store, String caller) {
    this.context = context;
    this.socket = socket;
    this.store = store;
    this.caller = caller;
    socket.pongHandler(pong -> lastPongNanos = System.nanoTime());
  }

  /** Sends a message that is not a run event (hello, snapshot, error). */
  void sendControl(JsonObject message) {
    onContext(() -> enqueue(() -> write(message)));
  }

  /**
   * Sends the active runs as they are now; later events of those runs continue from each run's {@code last_seq}, so
   * the snapshot and the events after it never overlap or leave a gap.
   */
  void sendSnapshot(Optional<JsonObject> overview) {
    onContext(() -> enqueue(() -> store.active().compose(runs -> {
      JsonArray summaries = new JsonArray();
      runs.forEach(run -> {
        summaries.add(run.toJson());
        lastSent.putIfAbsent(run.id(), run.lastSeq());
      });
      return write(new JsonObject().put("type", "snapshot").put("runs", summaries)
          .put("overview", overview.orElse(null)));
    })));
  }

  /** Replays the run's events after {@code since} (what the client says it has), then continues live. */
  void resume(UUID runId, long since) {
    onContext(() -> enqueue(() -> {
      lastSent.put(runId, since);
      return fillUpTo(runId, Long.MAX_VALUE);
    }));
  }

  /** A live event; sent if it is the next one, after filling any gap before it. */
  void offer(StoredEvent event) {
    onContext(() -> enqueue(() -> {
      Long last = lastSent.get(event.runId());
      if (last == null) {
        lastSent.put(event.runId(), event.seq());
        return write(eventMessage(event));
      }
      if (event.seq() <= last) {
        return Future.succeededFuture();
      }
      if (event.seq() == last + 1) {
        lastSent.put(event.runId(), event.seq());
        return write(eventMessage(event));
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

  static JsonObject eventMessage(StoredEvent event) {
    return new JsonObject().put("type", "event").put("run_id", event.runId().toString()).put("seq", event.seq())
        .put("event", event.type()).put("at", event.at().toString()).put("payload", event.payload());
  }

  private Future<Void> fillUpTo(UUID runId, long upTo) {
    long from = lastSent.getOrDefault(runId, 0L);
    if (from >= upTo) {
      return Future.succeededFuture();
    }
    return store.eventsAfter(runId, from, REPLAY_PAGE).compose(events -> sendAll(runId, events, upTo)
        .compose(sentAll -> sentAll && events.size() == REPLAY_PAGE ? fillUpTo(runId, upTo)
            : Future.succeededFuture()));
  }

  private Future<Boolean> sendAll(UUID runId, List<StoredEvent> events, long upTo) {
    Future<Void> writes = Future.succeededFuture();
    for (StoredEvent e : events) {
      if (e.seq() > upTo) {
        break;
      }
      lastSent.put(runId, e.seq());
      JsonObject message = eventMessage(e);
      writes = writes.compose(v -> write(message));
    }
    return writes.map(true);
  }

  private void enqueue(java.util.function.Supplier<Future<Void>> step) {
    chain = chain.compose(v -> closed ? Future.<Void>succeededFuture() : step.get())
        .recover(err -> {
          LOG.warn("live session of {}: {}", caller, err.getMessage());
          closeNow((short) 1011, "server error: " + err.getMessage());
          return Future.succeededFuture();
        });
  }

  private Future<Void> write(JsonObject message) {
    if (closed) {
      return Future.succeededFuture();
    }
    if (socket.writeQueueFull()) {
      closeNow(TOO_SLOW, "client too slow: reconnect with since=<last seq received> to catch up");
      return Future.succeededFuture();
    }
    socket.writeTextMessage(message.encode());
    return Future.succeededFuture();
  }
}
