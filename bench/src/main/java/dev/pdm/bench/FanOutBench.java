package dev.pdm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Benchmark 1 of issue #13, fan-out: one run event to N WebSocket clients, from the moment the operator's request that
 * commits it is sent to its receipt at each client, for pdm and, in the same run and interleaved event by event, for a
 * bare Vert.x WebSocket server ({@link BareBroadcastServer}) sending the same bytes to the same number of clients (the
 * floor). pdm, its simulated GitLab and the bare server each run in their own JVM; this process is the load.
 *
 * <p>The event: pdm runs the sandbox's {@code incident-active} scenario, so the run's first stage is blocked by its
 * checks; each sample is an operator's {@code recheck} (POST), whose {@code RecheckRequested} event pdm commits and
 * fans out; the next sample waits until the checks blocked the stage again.
 *
 * <p>Arguments: {@code [--clients 100,1000,5000] [--rounds 3] [--events 10] [--out target/bench]}, and where the jars
 * are: {@code [--pdm-jar ../pdm-server/target/pdm-server.jar] [--sandbox-jar ../pdm-sandbox/target/pdm-sandbox.jar]
 * [--bench-jar target/pdm-bench.jar]}.
 */
public final class FanOutBench {
  private static final String STAGE = "migrate-gstg";
  private static final Duration READY = Duration.ofSeconds(120);
  private static final Pattern BARE_READY = Pattern.compile("bare broadcast server ready: (http://\\S+)");
  private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
  private static final String RECHECK = "\"event\":\"RecheckRequested\"";
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Vertx vertx = Vertx.vertx();

  private FanOutBench() {
  }

  public static void main(String[] args) throws Exception {
    BenchArguments arguments = new BenchArguments(args);
    int[] clients = arguments.getInts("--clients", "100,1000,5000");
    int rounds = arguments.getInt("--rounds", 3);
    int events = arguments.getInt("--events", 10);
    Path out = Path.of(arguments.get("--out", "target/bench"));
    FanOutBench bench = new FanOutBench();
    try (BenchPostgres database = BenchPostgres.start(Files.createTempDirectory("pdm-fanout-db-"));
        BenchProcess bare = BenchProcess.start(BARE_READY, List.of("-Xmx512m"), List.of("-cp",
            arguments.get("--bench-jar", "target/pdm-bench.jar"), BareBroadcastServer.class.getName()));
        PdmUnderBench pdm = PdmUnderBench.start(arguments, List.of("--scenario", "incident-active", "--speed", "8"),
            List.of("-Xmx512m"), "database: {url: \"" + database.url() + "\"}")) {
      String bareUrl = bare.awaitReady(READY);
      System.out.printf(Locale.ROOT, "pdm %s (pid %d), bare server %s (pid %d), simulated GitLab %s%n", pdm.url(),
          pdm.pid(), bareUrl, bare.pid(), pdm.gitLabUrl());
      Map<String, Object> report = bench.run(pdm, database, bareUrl, clients, rounds, events);
      BenchReport.write(out, "fanout", report, table(report));
    } finally {
      bench.vertx.close();
    }
  }

  private Map<String, Object> run(PdmUnderBench pdmServer, BenchPostgres database, String bareUrl,
      int[] clientCounts, int rounds, int events) throws Exception {
    String runId = blockedRun(pdmServer);
    List<Map<String, Object>> results = new ArrayList<>();
    for (int n : clientCounts) {
      LiveClients pdm = LiveClients.connect(vertx, n, URI.create(pdmServer.url()), "/api/v1/live",
          PdmUnderBench.TOKEN);
      LiveClients bare = LiveClients.connect(vertx, n, URI.create(bareUrl), "/live", null);
      String sample = null;
      List<Latencies> pdmRounds = new ArrayList<>();
      List<Latencies> committedRounds = new ArrayList<>();
      List<Latencies> bareRounds = new ArrayList<>();
      List<Double> committedFirst = new ArrayList<>();
      List<Double> bareFirst = new ArrayList<>();
      for (int round = 0; round <= rounds; round++) {
        List<long[]> pdmNanos = new ArrayList<>();
        List<long[]> committedNanos = new ArrayList<>();
        List<long[]> bareNanos = new ArrayList<>();
        for (int e = 0; e < events; e++) {
          Receipt pdmReceipt = pdm.expect(RECHECK);
          long sent = System.nanoTime();
          Instant sentAt = Instant.now();
          pdmServer.post("/api/v1/runs/" + runId + "/stages/" + STAGE + "/recheck", "");
          long[] fromRequest = pdmReceipt.await(sent);
          pdmNanos.add(fromRequest);
          sample = pdmReceipt.text();
          long commitAfterSend = Duration.between(sentAt, database.committedAt(runId, seq(sample))).toNanos();
          committedNanos.add(Arrays.stream(fromRequest).map(d -> d - commitAfterSend).toArray());
          awaitBlocked(pdmServer, runId);

          String marker = UUID.randomUUID().toString();
          Receipt bareReceipt = bare.expect(marker);
          sent = System.nanoTime();
          broadcast(bareUrl, sample.replace(runId, marker));
          bareNanos.add(bareReceipt.await(sent));
        }
        Latencies p = Latencies.of(concat(pdmNanos), (long) n * events);
        Latencies c = Latencies.of(concat(committedNanos), (long) n * events);
        Latencies b = Latencies.of(concat(bareNanos), (long) n * events);
        System.out.printf(Locale.ROOT, "%d clients, %s: pdm from commit p50 %.1f p99 %.1f max %.1f ms, from request"
                + " p50 %.1f p99 %.1f ms (%d/%d) | bare p50 %.1f p99 %.1f max %.1f ms (%d/%d)%n", n,
            round == 0 ? "warm-up" : "round " + round, c.p50(), c.p99(), c.max(), p.p50(), p.p99(), p.received(),
            p.expected(), b.p50(), b.p99(), b.max(), b.received(), b.expected());
        if (round > 0) {
          committedNanos.forEach(receipts -> committedFirst.add(first(receipts)));
          bareNanos.forEach(receipts -> bareFirst.add(first(receipts)));
          pdmRounds.add(p);
          committedRounds.add(c);
          bareRounds.add(b);
        }
      }
      pdm.close();
      bare.close();
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("clients", n);
      result.put("event_bytes", sample.length());
      result.put("pdm_from_commit", summary(committedRounds, committedFirst));
      result.put("pdm_from_request", summary(pdmRounds, List.of()));
      result.put("bare_vertx", summary(bareRounds, bareFirst));
      results.add(result);
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("benchmark", "fan-out: one run event to N WebSocket clients, from the commit of the state change (and"
        + " from the request that commits it) to receipt; bare Vert.x from the request to receipt");
    report.put("rounds", rounds);
    report.put("events_per_round", events);
    report.put("results", results);
    return report;
  }

  /**
   * The rounds' figures; with {@code firstReceipts} (each event's earliest receipt, ms), their median: how long the
   * event took to reach the first client, the rest being the time to write it to all the others.
   */
  private static Map<String, Object> summary(List<Latencies> rounds, List<Double> firstReceipts) {
    Map<String, Object> summary = new LinkedHashMap<>();
    if (!firstReceipts.isEmpty()) {
      summary.put("first_receipt_p50_ms", Latencies.round(Latencies.median(firstReceipts)));
    }
    summary.putAll(Latencies.summary(rounds));
    return summary;
  }

  /** Starts a run and waits until its first stage is blocked by the active incident. */
  private static String blockedRun(PdmUnderBench pdm) throws Exception {
    String created = pdm.post("/api/v1/runs", "");
    String runId = new ObjectMapper().readTree(created).path("id").asText();
    if (runId.isEmpty()) {
      throw new IllegalStateException("pdm did not start a run: " + created);
    }
    awaitBlocked(pdm, runId);
    return runId;
  }

  private static void awaitBlocked(PdmUnderBench pdm, String runId) throws Exception {
    long deadline = System.nanoTime() + READY.toNanos();
    while (System.nanoTime() < deadline) {
      if ("blocked".equals(new ObjectMapper().readTree(pdm.get("/api/v1/runs/" + runId)).path("status").asText())) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("the run was never blocked by its checks");
  }

  private void broadcast(String bareUrl, String text) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(bareUrl + "/broadcast"))
        .POST(HttpRequest.BodyPublishers.ofString(text)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("the bare server answered " + response.statusCode());
    }
  }

  private static long seq(String eventMessage) {
    var matcher = SEQ.matcher(eventMessage);
    if (!matcher.find()) {
      throw new IllegalStateException("no seq in " + eventMessage);
    }
    return Long.parseLong(matcher.group(1));
  }

  private static double first(long[] receipts) {
    return Arrays.stream(receipts).min().orElse(0) / 1e6;
  }

  private static long[] concat(List<long[]> parts) {
    return parts.stream().flatMapToLong(Arrays::stream).toArray();
  }

  private static String table(Map<String, Object> report) {
    StringBuilder table = new StringBuilder("| clients | event bytes | pdm first client | pdm p50 | pdm p99 (spread) | pdm"
        + " max | pdm p99 from request | bare first client | bare p50 | bare p99 (spread) | bare max | pdm p99 / bare p99"
        + " | all received |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Object o : (List<?>) report.get("results")) {
      Map<?, ?> r = (Map<?, ?>) o;
      Map<?, ?> c = (Map<?, ?>) r.get("pdm_from_commit");
      Map<?, ?> p = (Map<?, ?>) r.get("pdm_from_request");
      Map<?, ?> b = (Map<?, ?>) r.get("bare_vertx");
      table.append(String.format(Locale.ROOT, "| %s | %s | %s ms | %s ms | %s ms (%s–%s) | %s ms | %s ms | %s ms | %s ms"
              + " | %s ms (%s–%s) | %s ms | %.2f | %s |%n", r.get("clients"), r.get("event_bytes"),
          c.get("first_receipt_p50_ms"), c.get("p50_ms"), c.get("p99_ms"), spread(c, 0), spread(c, 1), c.get("max_ms"),
          p.get("p99_ms"), b.get("first_receipt_p50_ms"), b.get("p50_ms"), b.get("p99_ms"), spread(b, 0),
          spread(b, 1), b.get("max_ms"), (Double) c.get("p99_ms") / (Double) b.get("p99_ms"),
          p.get("all_received").equals(true) && b.get("all_received").equals(true) ? "yes" : "no"));
    }
    return table.toString();
  }

  private static Object spread(Map<?, ?> summary, int end) {
    return ((List<?>) summary.get("p99_spread_ms")).get(end);
  }
}
