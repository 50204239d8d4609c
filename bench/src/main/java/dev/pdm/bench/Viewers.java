package dev.pdm.bench;

import io.vertx.core.Vertx;
import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * N people with pdm's web page open on the overview, as {@code pdm-web} behaves: each holds a live WebSocket
 * ({@code /api/v1/live}), loads the overview and the last runs once, then reads {@code GET /api/v1/overview} every
 * {@value #OVERVIEW_POLL_SECONDS} s ({@code OVERVIEW_POLL_MS} in {@code app.js}); the pages' polls are spread evenly
 * over that period from the start, as pages opened at different moments would be, so that any window is steady.
 */
final class Viewers implements AutoCloseable {
  static final int OVERVIEW_POLL_SECONDS = 15;
  private final LiveClients live;
  private final ScheduledExecutorService pages = Executors.newScheduledThreadPool(4);
  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong failedReads = new AtomicLong();

  private Viewers(LiveClients live) {
    this.live = live;
  }

  static Viewers open(Vertx vertx, PdmUnderBench pdm, int n) throws Exception {
    Viewers viewers = new Viewers(LiveClients.connect(vertx, n, URI.create(pdm.url()), "/api/v1/live",
        PdmUnderBench.TOKEN));
    long periodMillis = OVERVIEW_POLL_SECONDS * 1000L;
    for (int i = 0; i < n; i++) {
      viewers.pages.execute(() -> {
        viewers.read(pdm, "/api/v1/overview");
        viewers.read(pdm, "/api/v1/runs?limit=10");
      });
      viewers.pages.scheduleAtFixedRate(() -> viewers.read(pdm, "/api/v1/overview"),
          i * periodMillis / n, periodMillis, TimeUnit.MILLISECONDS);
    }
    return viewers;
  }

  /** Every live message any of the pages receives, from now on (see {@link LiveClients#listen}). */
  void listen(Consumer<String> listener) {
    live.listen(listener);
  }

  int size() {
    return live.size();
  }

  /** The pages' reads of pdm's API so far, and how many of them failed. */
  long reads() {
    return reads.get();
  }

  long failedReads() {
    return failedReads.get();
  }

  private void read(PdmUnderBench pdm, String path) {
    reads.incrementAndGet();
    try {
      pdm.get(path);
    } catch (Exception e) {
      // Counted and reported: a page that cannot read the overview is a finding, not a reason to stop measuring.
      failedReads.incrementAndGet();
    }
  }

  @Override
  public void close() throws Exception {
    pages.shutdownNow();
    pages.awaitTermination(30, TimeUnit.SECONDS);
    live.close();
  }
}
