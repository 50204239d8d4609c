package dev.pdm.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * N WebSocket clients, in this (the load's) process, asking one server for a run's whole history at once: each
 * records the time from its connect to its last event, checks that the events came in {@code seq} order, each once,
 * and notes a close before the end (a dropped client) with its code and reason.
 */
final class HistoryReplays {
  private static final String EVENT = "{\"type\":\"event\",";
  private static final String SEQ = "\"seq\":";
  private final Replay[] replays;
  private final CountDownLatch finished;
  private final long lastSeq;
  private final List<String> captured;

  private HistoryReplays(int clients, long lastSeq, boolean capture) {
    this.replays = new Replay[clients];
    this.finished = new CountDownLatch(clients);
    this.lastSeq = lastSeq;
    this.captured = capture ? new ArrayList<>() : null;
  }

  /**
   * Connects {@code clients} clients at once to {@code path} of {@code server} and waits (at most {@code wait}) until
   * each got event {@code lastSeq} or ended; with {@code capture}, keeps the event messages the first client got.
   */
  static HistoryReplays run(Vertx vertx, int clients, URI server, String path, String token, long lastSeq,
      boolean capture, Duration wait) throws Exception {
    HistoryReplays replays = new HistoryReplays(clients, lastSeq, capture);
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(clients)
        .setMaxFrameSize(1 << 20).setMaxMessageSize(64 << 20).setConnectTimeout(60_000));
    try {
      for (int i = 0; i < clients; i++) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(server.getHost())
            .setPort(server.getPort()).setURI(path);
        if (token != null) {
          options.addHeader("Authorization", "Bearer " + token);
        }
        Replay replay = replays.new Replay(i == 0 && capture);
        replays.replays[i] = replay;
        client.connect(options)
            .onFailure(err -> replay.end("connect failed: " + err.getMessage()))
            .onSuccess(socket -> {
              socket.closeHandler(v -> replay.end("closed after " + replay.received + " events: "
                  + socket.closeStatusCode() + " " + socket.closeReason()));
              socket.textMessageHandler(replay::message);
            });
      }
      if (!replays.finished.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        for (Replay replay : replays.replays) {
          replay.end("still replaying after " + wait.toSeconds() + " s, at event " + replay.received);
        }
      }
    } finally {
      client.close().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    }
    return replays;
  }

  /** Each client's time from its connect to its last event, nanoseconds, of those that got the whole history. */
  long[] completedNanos() {
    return Arrays.stream(replays).filter(r -> r.failure == null).mapToLong(r -> r.doneNanos - r.startNanos)
        .toArray();
  }

  /** From the first connect to the last client's last event, nanoseconds. */
  long wallNanos() {
    long start = Arrays.stream(replays).mapToLong(r -> r.startNanos).min().orElse(0);
    long end = Arrays.stream(replays).filter(r -> r.failure == null).mapToLong(r -> r.doneNanos).max().orElse(start);
    return end - start;
  }

  /** Why each client that did not get the whole history in order did not (empty when none). */
  List<String> failures() {
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < replays.length; i++) {
      if (replays[i].failure != null) {
        failures.add("client " + i + ": " + replays[i].failure);
      }
    }
    return failures;
  }

  /** The event messages the first client received, in order (when captured). */
  List<String> captured() {
    return captured;
  }

  /** One client's replay; its messages arrive on one event loop, its end may be noted from another thread. */
  private final class Replay {
    private final long startNanos = System.nanoTime();
    private final boolean capture;
    private long received;
    private long doneNanos;
    private String failure;
    private boolean ended;

    Replay(boolean capture) {
      this.capture = capture;
    }

    synchronized void message(String text) {
      if (ended || !text.startsWith(EVENT)) {
        return;
      }
      long seq = seq(text);
      if (seq > lastSeq) {
        return;
      }
      if (seq != received + 1) {
        end("event " + seq + " where " + (received + 1) + " was expected");
        return;
      }
      received = seq;
      if (capture) {
        captured.add(text);
      }
      if (seq == lastSeq) {
        doneNanos = System.nanoTime();
        ended = true;
        finished.countDown();
      }
    }

    synchronized void end(String why) {
      if (!ended) {
        ended = true;
        failure = why;
        System.out.printf(Locale.ROOT, "replay failed: %s%n", why);
        finished.countDown();
      }
    }
  }

  /** The event's {@code seq}: the first one in the message, before its payload. */
  private static long seq(String text) {
    int at = text.indexOf(SEQ) + SEQ.length();
    long seq = 0;
    for (int i = at; i < text.length() && Character.isDigit(text.charAt(i)); i++) {
      seq = seq * 10 + text.charAt(i) - '0';
    }
    return seq;
  }
}
