package dev.pdm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a process and its embedded PostgreSQL hold in memory, from Linux's {@code /proc}: the process's resident set
 * ({@code VmRSS}) and its peak ({@code VmHWM}); for the PostgreSQL processes the sum of their resident sets, which
 * counts PostgreSQL's shared memory once per process, and the sum of their proportional sets ({@code Pss} of
 * {@code smaps_rollup}), which counts it once in all.
 */
record ProcessMemory(double rssMb, double peakRssMb, int children, double childrenRssMb, double childrenPssMb) {

  /** {@code pid}'s memory, and that of the PostgreSQL serving {@code dataDir} (none when null). */
  static ProcessMemory of(long pid, Path dataDir) {
    List<ProcessHandle> children = dataDir == null ? List.of() : postgresOf(dataDir);
    long childrenRss = 0;
    long childrenPss = 0;
    for (ProcessHandle child : children) {
      childrenRss += kilobytes(child.pid(), "status", "VmRSS:");
      childrenPss += kilobytes(child.pid(), "smaps_rollup", "Pss:");
    }
    return new ProcessMemory(kilobytes(pid, "status", "VmRSS:") / 1024.0, kilobytes(pid, "status", "VmHWM:") / 1024.0,
        children.size(), childrenRss / 1024.0, childrenPss / 1024.0);
  }

  /**
   * The processes of the PostgreSQL whose data directory is under {@code dataDir}: {@code pg_ctl} starts it detached
   * (its parent is then init, not the JVM), so it is found by its {@code -D} argument, with its backends.
   */
  static List<ProcessHandle> postgresOf(Path dataDir) {
    String directory = dataDir.toAbsolutePath().toString() + "/";
    return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(" -D " + directory))
            .orElse(false))
        .flatMap(postmaster -> Stream.concat(Stream.of(postmaster), postmaster.descendants())).toList();
  }

  Map<String, Object> json() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("rss_mb", Latencies.round(rssMb));
    json.put("peak_rss_mb", Latencies.round(peakRssMb));
    if (children > 0) {
      json.put("child_processes", children);
      json.put("children_rss_sum_mb", Latencies.round(childrenRssMb));
      json.put("children_pss_sum_mb", Latencies.round(childrenPssMb));
    }
    return json;
  }

  /** A {@code Name: N kB} line of {@code /proc/<pid>/<file>}; 0 when the process is gone or the line missing. */
  private static long kilobytes(long pid, String file, String name) {
    try {
      return Files.readAllLines(Path.of("/proc", Long.toString(pid), file)).stream()
          .filter(line -> line.startsWith(name)).findFirst()
          .map(line -> Long.parseLong(line.substring(name.length()).replaceAll("\\D", ""))).orElse(0L);
    } catch (IOException | RuntimeException e) {
      // A child that ended between listing and reading holds nothing any more.
      return 0;
    }
  }
}
