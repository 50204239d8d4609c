package dev.pdm.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** One message awaited by every client of a {@link LiveClients}: when each got it. */
final class Receipt {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private final List<String> markers;
  private final long[] at;
  private final AtomicInteger count = new AtomicInteger();
  private final CountDownLatch all;
  private volatile String text;

  Receipt(String marker, int clients) {
    this(List.of(marker), clients);
  }

  /** A message containing every one of {@code markers}. */
  Receipt(List<String> markers, int clients) {
    this.markers = List.copyOf(markers);
    this.at = new long[clients];
    this.all = new CountDownLatch(clients);
  }

  void received(int client, String message) {
    for (String marker : markers) {
      if (!message.contains(marker)) {
        return;
      }
    }
    long now = System.nanoTime();
    synchronized (this) {
      if (at[client] != 0) {
        return;
      }
      at[client] = now;
    }
    text = message;
    count.incrementAndGet();
    all.countDown();
  }

  /** Waits for every client (at most 20 s); the latencies, from {@code sent} (nanoTime), of those that got it. */
  long[] await(long sent) throws InterruptedException {
    return await(sent, WAIT);
  }

  /** Waits for every client, at most {@code wait}; the latencies, from {@code sent} (nanoTime), of those that got it. */
  long[] await(long sent, Duration wait) throws InterruptedException {
    all.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    synchronized (this) {
      return Arrays.stream(at).filter(t -> t != 0).map(t -> t - sent).toArray();
    }
  }

  /** The message as the last client received it. */
  String text() {
    return text;
  }
}
