package dev.pdm.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every server benchmark of issue #13, one after the other in one run, each at its defaults (options given here
 * pass through to each), then one summary, {@code OUT/performance.md}, of their tables with the machine.
 */
public final class AllBenchmarks {
  /** A benchmark's main and the name of the table it writes. */
  private interface Benchmark {
    void run(String[] args) throws Exception;
  }

  private AllBenchmarks() {
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(new BenchArguments(args).get("--out", "target/bench"));
    Map<String, Benchmark> benchmarks = new LinkedHashMap<>();
    benchmarks.put("fanout", FanOutBench::main);
    benchmarks.put("webhooks", WebhookBench::main);
    benchmarks.put("api-budget", ApiBudgetBench::main);
    benchmarks.put("big-log", BigLogBench::main);
    benchmarks.put("long-run", LongRunBench::main);
    benchmarks.put("footprint", FootprintBench::main);
    StringBuilder summary = new StringBuilder("# pdm benchmarks, one run\n\n");
    for (Map.Entry<String, Benchmark> benchmark : benchmarks.entrySet()) {
      Instant start = Instant.now();
      System.out.printf(Locale.ROOT, "%n== %s%n", benchmark.getKey());
      benchmark.getValue().run(args);
      summary.append(String.format(Locale.ROOT, "## %s (%d s, started %s)%n%n", benchmark.getKey(),
          Duration.between(start, Instant.now()).toSeconds(), start));
      summary.append(Files.readString(out.resolve(benchmark.getKey() + ".md"))).append('\n');
    }
    summary.append(Machine.describe()).append('\n');
    Files.writeString(out.resolve("performance.md"), summary);
    System.out.println(summary);
  }
}
