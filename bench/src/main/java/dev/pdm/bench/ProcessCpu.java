package dev.pdm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The CPU time a server process (one of the benchmark's JVMs) has used, from {@code /proc/PID/stat}: how many cores it
 * kept busy in a step, and whether it has worked off the previous step's backlog before the next one starts.
 */
final class ProcessCpu {
  /** Linux's USER_HZ: clock ticks per second in {@code /proc/PID/stat}. */
  private static final double TICKS_PER_SECOND = 100.0;
  private final long pid;

  ProcessCpu(long pid) {
    this.pid = pid;
  }

  /** CPU seconds used so far (user + system), or NaN where there is no {@code /proc}. */
  double seconds() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name (field 2) may hold spaces: count the fields after its closing parenthesis.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /**
   * Waits until the process used under a tenth of a core over 300 ms (at most {@code limit}); the seconds waited, or
   * -1 if it was still busy at the limit.
   */
  double awaitIdle(Duration limit) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + limit.toNanos();
    double before = seconds();
    while (!Double.isNaN(before) && System.nanoTime() < deadline) {
      Thread.sleep(300);
      double after = seconds();
      if (after - before < 0.03) {
        return (System.nanoTime() - start) / 1e9;
      }
      before = after;
    }
    return Double.isNaN(before) ? 0 : -1;
  }
}
