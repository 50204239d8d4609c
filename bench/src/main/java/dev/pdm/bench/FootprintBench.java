package dev.pdm.bench;

import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark 7 of issue #13, the footprint: from launching {@code java -jar pdm-server.jar} to its first 200 on
 * {@code /health/ready}, with its embedded PostgreSQL (a fresh data directory, then a restart on it) and with an
 * external one ({@link BenchPostgres}: a fresh database, then a restart on it); and the resident memory of pdm's JVM
 * (and of its embedded PostgreSQL's processes) idle and with N live WebSocket clients. Baseline in the same run: the
 * bare Vert.x server ({@link BareBroadcastServer}: launch to its ready line, its memory with the same clients). Every
 * server runs in its own JVM, against the simulated GitLab ({@code happy}, idle); this process is the clients.
 *
 * <p>Arguments: {@code [--rounds 3] [--clients 1000,5000] [--settle-seconds 5] [--xmx SIZE] [--out target/bench]}
 * and the jars as for {@link FanOutBench}. Without {@code --xmx} every server has its JVM's default heap settings;
 * {@code --xmx 512m} gives pdm and the bare server that maximum heap.
 */
public final class FootprintBench {
  private static final Duration HEALTHY = Duration.ofSeconds(180);
  private static final int WAVES = 5;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final PdmUnderBench gitLab;
  private final BenchPostgres postgres;
  private final List<String> jvm;
  private final String benchJar;

  private FootprintBench(PdmUnderBench gitLab, BenchPostgres postgres, List<String> jvm, String benchJar) {
    this.gitLab = gitLab;
    this.postgres = postgres;
    this.jvm = jvm;
    this.benchJar = benchJar;
  }

  public static void main(String[] args) throws Exception {
    BenchArguments arguments = new BenchArguments(args);
    int rounds = arguments.getInt("--rounds", 3);
    int[] clients = arguments.getInts("--clients", "1000,5000");
    int settle = arguments.getInt("--settle-seconds", 5);
    String xmx = arguments.get("--xmx", "");
    List<String> jvm = xmx.isEmpty() ? List.of() : List.of("-Xmx" + xmx);
    Path out = Path.of(arguments.get("--out", "target/bench"));
    Vertx vertx = Vertx.vertx();
    try (PdmUnderBench gitLab = PdmUnderBench.withGitLab(arguments, List.of("--scenario", "happy"));
        BenchPostgres postgres = BenchPostgres.start(gitLab.work().resolve("external-postgres"))) {
      FootprintBench bench = new FootprintBench(gitLab, postgres, jvm,
          arguments.get("--bench-jar", "target/pdm-bench.jar"));
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("benchmark", "footprint: launch to healthy, and resident memory idle and with live clients");
      report.put("jvm_options", jvm.isEmpty() ? "JVM defaults" : String.join(" ", jvm));
      report.put("rounds", rounds);
      report.put("start_to_healthy_seconds", bench.startTimes(rounds));
      report.put("memory", bench.memory(vertx, rounds, clients, Duration.ofSeconds(settle)));
      BenchReport.write(out, "footprint", report, table(report));
    } finally {
      vertx.close();
    }
  }

  /** A warm-up launch, then per round each way of starting; seconds from launch to healthy (bare: to ready). */
  private Map<String, Object> startTimes(int rounds) throws Exception {
    System.out.printf(Locale.ROOT, "warm-up: %.2f s%n", untilHealthy("warm-up", "", dataDir("warm-up")));
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      Path data = dataDir("embedded-" + round);
      seconds.computeIfAbsent("embedded_fresh", k -> new ArrayList<>()).add(untilHealthy("embedded", "", data));
      seconds.computeIfAbsent("embedded_restart", k -> new ArrayList<>()).add(untilHealthy("embedded", "", data));
      String database = "database: {url: \"" + postgres.createDatabase("pdm_" + round) + "\"}";
      Path unused = dataDir("external-" + round);
      seconds.computeIfAbsent("external_fresh", k -> new ArrayList<>()).add(untilHealthy("external", database,
          unused));
      seconds.computeIfAbsent("external_restart", k -> new ArrayList<>()).add(untilHealthy("external", database,
          unused));
      long launched = System.nanoTime();
      BenchProcess bare = BareBroadcastServer.launch(jvm, benchJar);
      bare.awaitReady(HEALTHY);
      seconds.computeIfAbsent("bare_vertx", k -> new ArrayList<>()).add((System.nanoTime() - launched) / 1e9);
      stop(bare, null);
      System.out.printf(Locale.ROOT, "round %d: %s%n", round, seconds);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    seconds.forEach((how, values) -> result.put(how, spread(values)));
    return result;
  }

  /** Seconds from launching pdm to its first 200 on {@code /health/ready} (NaN if none within 180 s); then stops it. */
  private double untilHealthy(String name, String extraYaml, Path data) throws Exception {
    int port = freePort();
    URI ready = URI.create("http://127.0.0.1:" + port + "/health/ready");
    long launched = System.nanoTime();
    BenchProcess pdm = gitLab.launch(name, jvm, extraYaml, port, data);
    try {
      long deadline = launched + HEALTHY.toNanos();
      while (System.nanoTime() < deadline) {
        if (answersOk(ready)) {
          return (System.nanoTime() - launched) / 1e9;
        }
        Thread.sleep(20);
      }
      System.out.printf(Locale.ROOT, "pdm (%s) not healthy within %s:%n%s%n", name, HEALTHY, pdm.output());
      return Double.NaN;
    } finally {
      stop(pdm, data);
    }
  }

  /** Per round, a pdm on an existing embedded store and a bare server: memory idle, then at each client count. */
  private Map<String, Object> memory(Vertx vertx, int rounds, int[] clients, Duration settle) throws Exception {
    Map<String, Map<String, List<Sample>>> samples = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      int port = freePort();
      BenchProcess pdm = gitLab.launch("embedded", jvm, "", port, dataDir("embedded-" + round));
      try {
        URI url = URI.create(pdm.awaitReady(HEALTHY));
        measure(samples.computeIfAbsent("pdm", k -> new LinkedHashMap<>()), vertx, pdm.pid(), dataDir("embedded-"
            + round), url, "/api/v1/live", PdmUnderBench.TOKEN, clients, settle);
      } finally {
        stop(pdm, dataDir("embedded-" + round));
      }
      BenchProcess bare = BareBroadcastServer.launch(jvm, benchJar);
      try {
        URI url = URI.create(bare.awaitReady(HEALTHY));
        measure(samples.computeIfAbsent("bare_vertx", k -> new LinkedHashMap<>()), vertx, bare.pid(), null, url,
            "/live", null, clients, settle);
      } finally {
        stop(bare, null);
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    samples.forEach((server, byClients) -> {
      Map<String, Object> levels = new LinkedHashMap<>();
      byClients.forEach((level, memory) -> levels.put(level, memorySummary(memory)));
      result.put(server, levels);
    });
    return result;
  }

  /**
   * Idle after {@code settle}, then connects clients up to each count (again those the server closed, at most
   * {@value #WAVES} waves, each followed by {@code settle}) and measures.
   */
  private static void measure(Map<String, List<Sample>> samples, Vertx vertx, long pid, Path data, URI server,
      String path, String token, int[] clients, Duration settle) throws Exception {
    Thread.sleep(settle.toMillis());
    record(samples, "idle", pid, data, 0, 0);
    List<LiveClients> connected = new ArrayList<>();
    try {
      for (int n : clients) {
        // A client the server closed comes back, as pdm-web's page reconnects: the memory is measured with n open
        // (or as many as stayed after the last wave, which the report says).
        int waves = 0;
        while (open(connected) < n && waves < WAVES) {
          connected.add(LiveClients.connect(vertx, n - open(connected), server, path, token));
          waves++;
          Thread.sleep(settle.toMillis());
        }
        record(samples, Integer.toString(n), pid, data, open(connected), waves);
      }
    } finally {
      for (LiveClients c : connected) {
        c.close();
      }
    }
  }

  private static void record(Map<String, List<Sample>> samples, String level, long pid, Path data, int open,
      int waves) {
    Sample sample = new Sample(ProcessMemory.of(pid, data), open, waves);
    System.out.printf(Locale.ROOT, "pid %d, %s: %s%n", pid, level, sample.json());
    samples.computeIfAbsent(level, k -> new ArrayList<>()).add(sample);
  }

  private static int open(List<LiveClients> clients) {
    return clients.stream().mapToInt(LiveClients::open).sum();
  }

  /** The memory measured with {@code open} clients connected, after {@code waves} waves of connections. */
  private record Sample(ProcessMemory memory, int open, int waves) {
    Map<String, Object> json() {
      Map<String, Object> json = new LinkedHashMap<>(memory.json());
      json.put("clients_open", open);
      json.put("connection_waves", waves);
      return json;
    }
  }

  private static Map<String, Object> memorySummary(List<Sample> samples) {
    List<ProcessMemory> rounds = samples.stream().map(Sample::memory).toList();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("rss_mb", spread(rounds.stream().map(ProcessMemory::rssMb).toList()));
    summary.put("peak_rss_mb", spread(rounds.stream().map(ProcessMemory::peakRssMb).toList()));
    if (rounds.stream().anyMatch(m -> m.children() > 0)) {
      summary.put("embedded_postgres_pss_mb", spread(rounds.stream().map(ProcessMemory::childrenPssMb).toList()));
      summary.put("embedded_postgres_rss_sum_mb", spread(rounds.stream().map(ProcessMemory::childrenRssMb)
          .toList()));
    }
    summary.put("fewest_clients_open", samples.stream().mapToInt(Sample::open).min().orElse(0));
    summary.put("most_connection_waves", samples.stream().mapToInt(Sample::waves).max().orElse(0));
    summary.put("rounds", samples.stream().map(Sample::json).toList());
    return summary;
  }

  /** The median of the rounds' values, the lowest and the highest, and the values. */
  private static Map<String, Object> spread(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    Map<String, Object> spread = new LinkedHashMap<>();
    spread.put("median", Latencies.round(Latencies.median(values)));
    spread.put("min", Latencies.round(sorted[0]));
    spread.put("max", Latencies.round(sorted[sorted.length - 1]));
    spread.put("values", Arrays.stream(sorted).map(Latencies::round).boxed().toList());
    return spread;
  }

  private boolean answersOk(URI uri) {
    try {
      return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private Path dataDir(String name) {
    return gitLab.work().resolve("data-" + name);
  }

  /**
   * Stops a server and waits for the PostgreSQL it embeds on {@code data} (if not null) to end, so that the next
   * launch on that directory starts clean.
   */
  private static void stop(BenchProcess process, Path data) throws InterruptedException {
    List<ProcessHandle> children = data == null ? List.of() : ProcessMemory.postgresOf(data);
    process.close();
    for (ProcessHandle child : children) {
      try {
        child.onExit().get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        System.out.printf(Locale.ROOT, "child process %d of %d still running 30 s after it stopped%n", child.pid(),
            process.pid());
      }
    }
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String table(Map<String, Object> report) {
    StringBuilder table = new StringBuilder("JVM options: " + report.get("jvm_options") + "\n\n"
        + "| start | to healthy (median) | spread | rounds |\n|---|---|---|---|\n");
    Map<?, ?> starts = (Map<?, ?>) report.get("start_to_healthy_seconds");
    Map<String, String> names = Map.of("embedded_fresh", "pdm, embedded PostgreSQL, fresh data directory",
        "embedded_restart", "pdm, embedded PostgreSQL, restart on existing data", "external_fresh",
        "pdm, external PostgreSQL, empty database", "external_restart", "pdm, external PostgreSQL, restart",
        "bare_vertx", "bare Vert.x server (to its ready line)");
    starts.forEach((how, s) -> {
      Map<?, ?> spread = (Map<?, ?>) s;
      table.append(String.format(Locale.ROOT, "| %s | %s s | %s–%s s | %s |%n", names.get(how), spread.get("median"),
          spread.get("min"), spread.get("max"), spread.get("values")));
    });
    table.append("\n| server | live clients | RSS MB (spread) | peak RSS MB | embedded PostgreSQL PSS MB (RSS sum) |"
        + " fewest open | most connection waves |\n|---|---|---|---|---|---|---|\n");
    ((Map<?, ?>) report.get("memory")).forEach((server, levels) -> ((Map<?, ?>) levels).forEach((level, m) -> {
      Map<?, ?> memory = (Map<?, ?>) m;
      Map<?, ?> rss = (Map<?, ?>) memory.get("rss_mb");
      Map<?, ?> pss = (Map<?, ?>) memory.get("embedded_postgres_pss_mb");
      Map<?, ?> rssSum = (Map<?, ?>) memory.get("embedded_postgres_rss_sum_mb");
      table.append(String.format(Locale.ROOT, "| %s | %s | %s (%s–%s) | %s | %s | %s | %s |%n", server, level,
          rss.get("median"), rss.get("min"), rss.get("max"), ((Map<?, ?>) memory.get("peak_rss_mb")).get("median"),
          pss == null ? "—" : pss.get("median") + " (" + rssSum.get("median") + ")", memory.get("fewest_clients_open"),
          memory.get("most_connection_waves")));
    }));
    return table.toString();
  }
}
