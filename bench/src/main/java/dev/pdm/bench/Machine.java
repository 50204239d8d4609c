package dev.pdm.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine a benchmark ran on, as the report states it. */
final class Machine {
  private Machine() {
  }

  static String describe() {
    String cpu = "unknown CPU";
    long memKb = 0;
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
      memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
          .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(0L);
    } catch (java.io.IOException e) {
      // Not Linux: the report says less about the machine.
    }
    double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return String.format(Locale.ROOT, "machine: %d cores (%s), %.1f GiB, Java %s; load average at the end %.1f",
        Runtime.getRuntime().availableProcessors(), cpu, memKb / 1024.0 / 1024.0, System.getProperty("java.version"),
        load);
  }
}
