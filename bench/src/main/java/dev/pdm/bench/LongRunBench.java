package dev.pdm.bench;

import ch.qos.logback.classic.Level;
import dev.pdm.server.store.DatabaseUrl;
import dev.pdm.server.store.RunStore;
import dev.pdm.server.store.SchemaMigrator;
import dev.pdm.server.testing.LongRunHistory;
import dev.pdm.server.testing.TestPools;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * Benchmark 6 of issue #13, long runs: a run of 10,000 events in pdm's store, what each event stores in the first and
 * the last fifth of the run, and the replay of its whole history ({@code since=0}) to N clients at once, from each
 * client's connect to its last event, with none dropped; beside, in the same run and round by round, a bare Vert.x
 * WebSocket server ({@link BareReplayServer}) sending the same messages, from memory, with the same backpressure rule
 * (the floor).
 *
 * <p>The run is written into an external PostgreSQL ({@link BenchPostgres}) by pdm's own orchestrator and store, as
 * pdm-server's {@code LongRunTest} does ({@code LongRunHistory}: a staging migration failing and retried again and
 * again, its job's log streaming in between, so the run's state grows all along); then pdm starts on that database,
 * in its own JVM, as the bare server does. This process is the load.
 *
 * <p>Arguments: {@code [--events 10000] [--clients 100] [--rounds 3] [--warm-up-clients 10] [--wait-s 600]
 * [--out target/bench]}, and where the jars are: {@code [--pdm-jar ../pdm-server/target/pdm-server.jar]
 * [--sandbox-jar ../pdm-sandbox/target/pdm-sandbox.jar] [--bench-jar target/pdm-bench.jar]}.
 */
public final class LongRunBench {
  /** Log reads per failed attempt: with its 8 state machine events, 400 events an attempt (as in LongRunTest). */
  private static final int LOG_READS = 392;
  private static final Duration READY = Duration.ofSeconds(120);
  private static final Pattern BARE_READY = Pattern.compile("bare replay server ready \\(\\d+ messages\\): (http://\\S+)");
  private final Vertx vertx = Vertx.vertx();

  private LongRunBench() {
  }

  public static void main(String[] args) throws Exception {
    BenchArguments arguments = new BenchArguments(args);
    int cycles = Math.max(5, Math.round(arguments.getInt("--events", 10_000)
        / (float) LongRunHistory.eventsPerCycle(LOG_READS)));
    int clients = arguments.getInt("--clients", 100);
    int rounds = arguments.getInt("--rounds", 3);
    int warmUpClients = Math.min(clients, arguments.getInt("--warm-up-clients", 10));
    Duration wait = Duration.ofSeconds(arguments.getInt("--wait-s", 600));
    Path out = Path.of(arguments.get("--out", "target/bench"));
    Path work = Files.createTempDirectory("pdm-bench-long-run-");
    LongRunBench bench = new LongRunBench();
    try (BenchPostgres postgres = BenchPostgres.start(work.resolve("postgres"))) {
      long writing = System.nanoTime();
      UUID runId = bench.writeRun(postgres.url(), cycles);
      double writeSeconds = (System.nanoTime() - writing) / 1e9;
      Map<String, Object> stored = StoredEventSizes.of(postgres.jdbcUrl(), runId);
      long lastSeq = ((Number) stored.get("events")).longValue();
      System.out.printf(Locale.ROOT, "wrote run %s: %d events in %.1f s%n", runId, lastSeq, writeSeconds);
      try (PdmUnderBench pdm = PdmUnderBench.start(arguments, List.of(), List.of("-Xmx512m"),
          "database: {url: \"" + postgres.url() + "\"}")) {
        System.out.printf(Locale.ROOT, "pdm %s (pid %d) on %s%n", pdm.url(), pdm.pid(), postgres.url());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("benchmark", "long run: stored bytes per event, first fifth against last fifth, and the replay of"
            + " the whole history (since=0) to N clients at once, from connect to the last event at each client");
        report.put("events", lastSeq);
        report.put("failed_attempts", cycles);
        report.put("write_seconds", Latencies.round(writeSeconds));
        report.put("stored", stored);
        report.put("replay", bench.replays(pdm, runId, lastSeq, warmUpClients, clients, rounds, wait,
            arguments.get("--bench-jar", "target/pdm-bench.jar"), work));
        BenchReport.write(out, "long-run", report, table(report));
      }
    } finally {
      bench.vertx.close();
      deleteTree(work);
    }
  }

  /** The scratch directory holds the store and the messages (tens of MB): not left behind. */
  private static void deleteTree(Path directory) throws java.io.IOException {
    try (var paths = Files.walk(directory)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  /** Migrates the store and writes the run through pdm's orchestrator; the run's id. */
  private UUID writeRun(String databaseUrl, int cycles) throws Exception {
    // The writer's orchestrator logs each transition: a few thousand lines that say nothing about the benchmark.
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.pdm")).setLevel(Level.WARN);
    DatabaseUrl url = DatabaseUrl.parse(databaseUrl);
    SchemaMigrator.migrate(url);
    Pool pool = TestPools.pool(vertx, url);
    try {
      return LongRunHistory.on(vertx, pool, new RunStore(pool)).compose(history -> history.write(cycles, LOG_READS))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
    } finally {
      pool.close();
    }
  }

  /**
   * A warm-up replay from pdm, whose first client keeps the messages for the bare server; a warm-up of the bare
   * server; then {@code rounds} rounds, pdm then bare in each.
   */
  private Map<String, Object> replays(PdmUnderBench pdm, UUID runId, long lastSeq, int warmUpClients, int clients,
      int rounds, Duration wait, String benchJar, Path work) throws Exception {
    URI pdmUri = URI.create(pdm.url());
    String path = "/api/v1/live?run=" + runId + "&since=0";
    HistoryReplays warmUp = HistoryReplays.run(vertx, warmUpClients, pdmUri, path, PdmUnderBench.TOKEN, lastSeq, true,
        wait);
    report("pdm", "warm-up", warmUp, lastSeq, warmUpClients);
    if (warmUp.captured().size() != lastSeq) {
      throw new IllegalStateException("pdm's warm-up replay did not give the first client the whole history: "
          + warmUp.failures());
    }
    Path messages = work.resolve("messages.txt");
    Files.write(messages, warmUp.captured());
    long historyBytes = warmUp.captured().stream().mapToLong(String::length).sum();
    try (BenchProcess bare = BenchProcess.start(BARE_READY, List.of("-Xmx512m"), List.of("-cp", benchJar,
        BareReplayServer.class.getName(), messages.toString()))) {
      URI bareUri = URI.create(bare.awaitReady(READY));
      System.out.printf(Locale.ROOT, "bare replay server %s (pid %d)%n", bareUri, bare.pid());
      report("bare", "warm-up", HistoryReplays.run(vertx, warmUpClients, bareUri, "/replay", null, lastSeq, false,
          wait), lastSeq, warmUpClients);
      List<Map<String, Object>> pdmRounds = new ArrayList<>();
      List<Map<String, Object>> bareRounds = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        pdmRounds.add(report("pdm", "round " + round, HistoryReplays.run(vertx, clients, pdmUri, path,
            PdmUnderBench.TOKEN, lastSeq, false, wait), lastSeq, clients));
        bareRounds.add(report("bare", "round " + round, HistoryReplays.run(vertx, clients, bareUri, "/replay", null,
            lastSeq, false, wait), lastSeq, clients));
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("clients", clients);
      result.put("rounds", rounds);
      result.put("warm_up_clients", warmUpClients);
      result.put("history_bytes", historyBytes);
      result.put("pdm", summary(pdmRounds));
      result.put("bare_vertx", summary(bareRounds));
      return result;
    }
  }

  /** One round's figures, printed and returned. */
  private static Map<String, Object> report(String server, String round, HistoryReplays replays, long lastSeq,
      int clients) {
    Latencies times = Latencies.of(replays.completedNanos(), clients);
    double wallSeconds = replays.wallNanos() / 1e9;
    Map<String, Object> figures = new LinkedHashMap<>(times.json());
    figures.put("wall_s", Latencies.round(wallSeconds));
    figures.put("events_per_s", Math.round(times.received() * lastSeq / wallSeconds));
    figures.put("failures", replays.failures());
    System.out.printf(Locale.ROOT, "%s, %s: %d/%d clients got all %d events; replay p50 %.0f p99 %.0f max %.0f ms; "
            + "%.1f s in all, %s events/s%n", server, round, times.received(), clients, lastSeq, times.p50(),
        times.p99(), times.max(), wallSeconds, figures.get("events_per_s"));
    return figures;
  }

  private static Map<String, Object> summary(List<Map<String, Object>> rounds) {
    Map<String, Object> summary = new LinkedHashMap<>();
    for (String figure : List.of("p50_ms", "p99_ms", "events_per_s")) {
      List<Double> values = rounds.stream().map(r -> ((Number) r.get(figure)).doubleValue()).toList();
      summary.put(figure, Latencies.round(Latencies.median(values)));
      summary.put(figure.replace("_ms", "") + "_spread" + (figure.endsWith("_ms") ? "_ms" : ""), List.of(
          Latencies.round(values.stream().mapToDouble(v -> v).min().orElse(Double.NaN)),
          Latencies.round(values.stream().mapToDouble(v -> v).max().orElse(Double.NaN))));
    }
    summary.put("max_ms", rounds.stream().mapToDouble(r -> ((Number) r.get("max_ms")).doubleValue()).max()
        .orElse(Double.NaN));
    summary.put("none_dropped", rounds.stream().allMatch(r -> ((List<?>) r.get("failures")).isEmpty()));
    summary.put("rounds", rounds);
    return summary;
  }

  private static String table(Map<String, Object> report) {
    Map<?, ?> replay = (Map<?, ?>) report.get("replay");
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "Replay of the whole history (%s events, %.1f MB"
            + " of messages per client) to %s clients at once, median of %s rounds (spread: lowest–highest round):%n%n",
        report.get("events"), ((Number) replay.get("history_bytes")).doubleValue() / 1e6, replay.get("clients"),
        replay.get("rounds")));
    table.append("| server | replay p50 (spread) | replay p99 (spread) | replay max | events/s delivered (spread) |"
        + " none dropped |\n|---|---|---|---|---|---|\n");
    for (String server : List.of("pdm", "bare_vertx")) {
      Map<?, ?> s = (Map<?, ?>) replay.get(server);
      table.append(String.format(Locale.ROOT, "| %s | %.0f ms (%s–%s) | %.0f ms (%s–%s) | %.0f ms | %.0f (%s–%s) | %s |%n",
          server, s.get("p50_ms"), spread(s, "p50_spread_ms", 0), spread(s, "p50_spread_ms", 1), s.get("p99_ms"),
          spread(s, "p99_spread_ms", 0), spread(s, "p99_spread_ms", 1), s.get("max_ms"), s.get("events_per_s"),
          spread(s, "events_per_s_spread", 0), spread(s, "events_per_s_spread", 1),
          s.get("none_dropped").equals(true) ? "yes" : "no"));
    }
    Map<?, ?> stored = (Map<?, ?>) report.get("stored");
    Map<?, ?> first = (Map<?, ?>) stored.get("first_fifth");
    Map<?, ?> last = (Map<?, ?>) stored.get("last_fifth");
    table.append(String.format(Locale.ROOT, "%nStored bytes per event (pg_column_size of the payload), first fifth of"
        + " the run against the last fifth; the run's state at the end: %s bytes; the events table with its indexes:"
        + " %.0f bytes per event:%n%n", stored.get("run_state_bytes"),
        ((Number) stored.get("run_events_table_bytes")).doubleValue() / ((Number) stored.get("events")).doubleValue()));
    table.append("| event type | first fifth: events | mean bytes | last fifth: events | mean bytes | last / first |\n"
        + "|---|---|---|---|---|---|\n");
    Set<Object> types = new TreeSet<>(first.keySet().stream().map(Object::toString).toList());
    last.keySet().forEach(type -> types.add(type.toString()));
    types.remove("all");
    types.add("~all");
    for (Object type : types) {
      String key = type.equals("~all") ? "all" : type.toString();
      Map<?, ?> f = (Map<?, ?>) first.get(key);
      Map<?, ?> l = (Map<?, ?>) last.get(key);
      table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", key.equals("all") ? "**all**" : key,
          f == null ? "0" : f.get("events"), f == null ? "—" : f.get("mean_bytes"), l == null ? "0" : l.get("events"),
          l == null ? "—" : l.get("mean_bytes"), f == null || l == null ? "—" : String.format(Locale.ROOT, "%.2f",
              ((Number) l.get("mean_bytes")).doubleValue() / ((Number) f.get("mean_bytes")).doubleValue())));
    }
    return table.toString();
  }

  private static String spread(Map<?, ?> summary, String key, int end) {
    return String.format(Locale.ROOT, "%.0f", ((Number) ((List<?>) summary.get(key)).get(end)).doubleValue());
  }
}
