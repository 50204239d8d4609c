package dev.pdm.bench;

import dev.pdm.core.triage.FailedMigration;
import dev.pdm.core.triage.JobLogParser;
import dev.pdm.core.triage.MigrationLog;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures {@link JobLogParser#parse(InputStream)} on a generated job log: wall time per run, bytes allocated per run,
 * and the peak heap in use, to show that parsing time is linear and memory does not grow with the log.
 *
 * <p>Arguments: {@code [--size-mb N] [--runs N] [--log FILE]} (defaults: 50 MB, 5 measured runs after 2 warm-ups,
 * {@code target/bench-<N>mb.log}, generated when missing).
 */
public final class JobLogParserBench {
  private static final int WARMUPS = 2;

  private JobLogParserBench() {
  }

  public static void main(String[] args) throws IOException {
    List<String> arguments = Arrays.asList(args);
    int sizeMb = Integer.parseInt(option(arguments, "--size-mb", "50"));
    int runs = Integer.parseInt(option(arguments, "--runs", "5"));
    Path log = Path.of(option(arguments, "--log", "target/bench-" + sizeMb + "mb.log"));
    if (Files.notExists(log)) {
      Files.createDirectories(log.toAbsolutePath().getParent());
      int migrations = RealisticJobLog.write(log, sizeMb * 1024L * 1024L);
      System.out.printf(Locale.ROOT, "generated %s with %d finished migrations%n", log, migrations);
    }
    long size = Files.size(log);
    System.out.printf(Locale.ROOT, "log: %s, %.1f MB; max heap (-Xmx): %d MB; %d warm-up + %d measured runs%n",
        log, size / 1e6, Runtime.getRuntime().maxMemory() >> 20, WARMUPS, runs);

    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    List<Double> seconds = new ArrayList<>();
    for (int run = 0; run < WARMUPS + runs; run++) {
      System.gc();
      resetPeakHeap();
      long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
      long start = System.nanoTime();
      MigrationLog parsed = parse(log);
      double elapsed = (System.nanoTime() - start) / 1e9;
      long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
      check(parsed);
      String kind = run < WARMUPS ? "warm-up" : "run";
      if (run >= WARMUPS) {
        seconds.add(elapsed);
      }
      System.out.printf(Locale.ROOT,
          "%-7s %d: %.3f s (%.0f MB/s), allocated %.0f MB, peak heap used %.1f MB, %d migrated, failed %s%n",
          kind, run + 1, elapsed, size / 1e6 / elapsed, allocated / 1e6, peakHeap() / 1e6, parsed.migrated().size(),
          parsed.failed().map(FailedMigration::version).orElse("-"));
    }
    seconds.sort(Double::compare);
    System.out.printf(Locale.ROOT, "median %.3f s, best %.3f s, worst %.3f s for %.1f MB%n",
        seconds.get(seconds.size() / 2), seconds.get(0), seconds.get(seconds.size() - 1), size / 1e6);
  }

  private static MigrationLog parse(Path log) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(log), 1 << 16)) {
      return JobLogParser.parse(in);
    }
  }

  /** A benchmark of a parser that got the answer wrong measures nothing. */
  private static void check(MigrationLog parsed) {
    FailedMigration failed = parsed.failed().orElseThrow(() -> new IllegalStateException("no failure found"));
    if (!failed.version().equals(RealisticJobLog.FAILING_VERSION) || !failed.errorClass().equals("PG::DuplicateTable")
        || parsed.failedFile().isEmpty() || parsed.migrated().isEmpty()) {
      throw new IllegalStateException("wrong parse result: " + failed + ", file " + parsed.failedFile());
    }
  }

  private static void resetPeakHeap() {
    ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static long peakHeap() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .mapToLong(pool -> pool.getPeakUsage().getUsed())
        .sum();
  }

  private static String option(List<String> arguments, String name, String fallback) {
    int at = arguments.indexOf(name);
    return at >= 0 && at + 1 < arguments.size() ? arguments.get(at + 1) : fallback;
  }
}
