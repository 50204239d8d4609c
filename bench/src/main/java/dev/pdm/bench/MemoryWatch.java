package dev.pdm.bench;

import java.nio.file.Path;

/**
 * Samples, every {@value #EVERY_MS} ms, the heap pdm says it uses (its {@code /metrics}: the sum of
 * {@code jvm_memory_used_bytes{area="heap"}} over the heap's pools) and what its embedded PostgreSQL holds
 * ({@link ResidentMemory#postgresPss}); keeps the highest of each. A sample misses what happens between two.
 */
final class MemoryWatch implements AutoCloseable {
  static final int EVERY_MS = 250;
  private final PdmUnderBench pdm;
  private final Path postgresUnder;
  private final Thread thread;
  private volatile boolean stopped;
  private volatile long heapPeak;
  private volatile long postgresPeak;
  private volatile int samples;

  private MemoryWatch(PdmUnderBench pdm, Path postgresUnder) {
    this.pdm = pdm;
    this.postgresUnder = postgresUnder;
    this.thread = new Thread(this::watch, "memory of pdm");
    thread.setDaemon(true);
  }

  static MemoryWatch start(PdmUnderBench pdm, Path postgresUnder) {
    MemoryWatch watch = new MemoryWatch(pdm, postgresUnder);
    watch.thread.start();
    return watch;
  }

  private void watch() {
    while (!stopped) {
      try {
        heapPeak = Math.max(heapPeak, heapUsed(pdm.get("/metrics")));
        postgresPeak = Math.max(postgresPeak, ResidentMemory.postgresPss(postgresUnder));
        samples++;
        Thread.sleep(EVERY_MS);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        // pdm busy or gone: the report says whether it lived; the next sample comes soon.
        System.out.println("pdm metrics: " + e.getMessage());
      }
    }
  }

  /** The sum of {@code jvm_memory_used_bytes{area="heap",...}} in Prometheus' text format. */
  static long heapUsed(String metrics) {
    return metrics.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  long heapPeak() {
    return heapPeak;
  }

  long postgresPeak() {
    return postgresPeak;
  }

  int samples() {
    return samples;
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    thread.interrupt();
    thread.join();
  }
}
