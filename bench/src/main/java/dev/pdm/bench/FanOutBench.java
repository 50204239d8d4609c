package dev.pdm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pdm.core.auth.TokenHash;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
  private static final String TOKEN = "bench-operator-token-0123456789abcdef";
  private static final String STAGE = "migrate-gstg";
  private static final Duration READY = Duration.ofSeconds(120);
  private static final Duration RECEIPT = Duration.ofSeconds(20);
  private static final Pattern PDM_READY = Pattern.compile("pdm is ready: (http://\\S+?)/?$");
  private static final Pattern SANDBOX_READY = Pattern.compile("^\\s+url:\\s+(http://\\S+)");
  private static final Pattern BARE_READY = Pattern.compile("bare broadcast server ready: (http://\\S+)");
  private static final String RECHECK = "\"event\":\"RecheckRequested\"";
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Vertx vertx = Vertx.vertx();

  private FanOutBench() {
  }

  public static void main(String[] args) throws Exception {
    List<String> arguments = Arrays.asList(args);
    int[] clients = Arrays.stream(option(arguments, "--clients", "100,1000,5000").split(","))
        .mapToInt(Integer::parseInt).toArray();
    int rounds = Integer.parseInt(option(arguments, "--rounds", "3"));
    int events = Integer.parseInt(option(arguments, "--events", "10"));
    Path out = Path.of(option(arguments, "--out", "target/bench"));
    Path work = Files.createTempDirectory("pdm-fanout-");
    FanOutBench bench = new FanOutBench();
    try (BenchProcess gitLab = BenchProcess.start(SANDBOX_READY, List.of("-Xmx256m"), List.of("-jar",
            option(arguments, "--sandbox-jar", "../pdm-sandbox/target/pdm-sandbox.jar"), "--port", "0", "--scenario",
            "incident-active", "--speed", "8"));
        BenchProcess bare = BenchProcess.start(BARE_READY, List.of("-Xmx512m"), List.of("-cp",
            option(arguments, "--bench-jar", "target/pdm-bench.jar"), BareBroadcastServer.class.getName()))) {
      String gitLabUrl = gitLab.awaitReady(READY);
      Path config = work.resolve("pdm.yaml");
      Files.writeString(config, """
          gitlab: {url: %s, token: sandbox-token}
          auth:
            live_sessions_per_token: 20000
            tokens:
              - {name: bench, role: operator, hash: "%s"}
          """.formatted(gitLabUrl, TokenHash.create(TOKEN)));
      try (BenchProcess pdm = BenchProcess.start(PDM_READY, List.of("-Xmx512m"), List.of("-jar",
          option(arguments, "--pdm-jar", "../pdm-server/target/pdm-server.jar"), "--config", config.toString(),
          "--port", "0", "--data-dir", work.resolve("data").toString()))) {
        String pdmUrl = pdm.awaitReady(READY);
        String bareUrl = bare.awaitReady(READY);
        System.out.printf(Locale.ROOT, "pdm %s (pid %d), bare server %s (pid %d), simulated GitLab %s%n", pdmUrl,
            pdm.pid(), bareUrl, bare.pid(), gitLabUrl);
        Map<String, Object> report = bench.run(pdmUrl, bareUrl, clients, rounds, events);
        report.put("machine", Machine.describe());
        write(out, report);
      }
    } finally {
      bench.vertx.close();
    }
  }

  private Map<String, Object> run(String pdmUrl, String bareUrl, int[] clientCounts, int rounds, int events)
      throws Exception {
    String runId = blockedRun(pdmUrl);
    List<Map<String, Object>> results = new ArrayList<>();
    for (int n : clientCounts) {
      Receivers pdm = Receivers.connect(vertx, n, URI.create(pdmUrl), "/api/v1/live", TOKEN);
      Receivers bare = Receivers.connect(vertx, n, URI.create(bareUrl), "/live", null);
      String sample = null;
      List<Latencies> pdmRounds = new ArrayList<>();
      List<Latencies> bareRounds = new ArrayList<>();
      for (int round = 0; round <= rounds; round++) {
        List<long[]> pdmNanos = new ArrayList<>();
        List<long[]> bareNanos = new ArrayList<>();
        for (int e = 0; e < events; e++) {
          Receipt pdmReceipt = pdm.expect(RECHECK);
          long sent = System.nanoTime();
          post(pdmUrl + "/api/v1/runs/" + runId + "/stages/" + STAGE + "/recheck", "", TOKEN);
          pdmNanos.add(pdmReceipt.await(sent));
          sample = pdmReceipt.text();
          awaitBlocked(pdmUrl, runId);

          String marker = UUID.randomUUID().toString();
          Receipt bareReceipt = bare.expect(marker);
          sent = System.nanoTime();
          post(bareUrl + "/broadcast", sample.replace(runId, marker), null);
          bareNanos.add(bareReceipt.await(sent));
        }
        Latencies p = Latencies.of(concat(pdmNanos), (long) n * events);
        Latencies b = Latencies.of(concat(bareNanos), (long) n * events);
        System.out.printf(Locale.ROOT, "%d clients, %s: pdm p50 %.1f p99 %.1f max %.1f ms (%d/%d) | bare p50 %.1f "
                + "p99 %.1f max %.1f ms (%d/%d)%n", n, round == 0 ? "warm-up" : "round " + round, p.p50(), p.p99(),
            p.max(), p.received(), p.expected(), b.p50(), b.p99(), b.max(), b.received(), b.expected());
        if (round > 0) {
          pdmRounds.add(p);
          bareRounds.add(b);
        }
      }
      pdm.close();
      bare.close();
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("clients", n);
      result.put("event_bytes", sample.length());
      result.put("pdm", summary(pdmRounds));
      result.put("bare_vertx", summary(bareRounds));
      results.add(result);
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("benchmark", "fan-out: one run event to N WebSocket clients, from the request that commits it to"
        + " receipt");
    report.put("rounds", rounds);
    report.put("events_per_round", events);
    report.put("results", results);
    return report;
  }

  private static Map<String, Object> summary(List<Latencies> rounds) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("p50_ms", Latencies.round(Latencies.median(rounds.stream().map(Latencies::p50).toList())));
    summary.put("p99_ms", Latencies.round(Latencies.median(rounds.stream().map(Latencies::p99).toList())));
    summary.put("max_ms", Latencies.round(rounds.stream().mapToDouble(Latencies::max).max().orElse(Double.NaN)));
    summary.put("p99_spread_ms", List.of(Latencies.round(rounds.stream().mapToDouble(Latencies::p99).min()
        .orElse(Double.NaN)), Latencies.round(rounds.stream().mapToDouble(Latencies::p99).max().orElse(Double.NaN))));
    summary.put("all_received", rounds.stream().allMatch(r -> r.received() == r.expected()));
    summary.put("rounds", rounds.stream().map(Latencies::json).toList());
    return summary;
  }

  /** Starts a run and waits until its first stage is blocked by the active incident. */
  private String blockedRun(String pdmUrl) throws Exception {
    String created = post(pdmUrl + "/api/v1/runs", "", TOKEN);
    String runId = new ObjectMapper().readTree(created).path("id").asText();
    if (runId.isEmpty()) {
      throw new IllegalStateException("pdm did not start a run: " + created);
    }
    awaitBlocked(pdmUrl, runId);
    return runId;
  }

  private void awaitBlocked(String pdmUrl, String runId) throws Exception {
    long deadline = System.nanoTime() + READY.toNanos();
    while (System.nanoTime() < deadline) {
      var run = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(pdmUrl + "/api/v1/runs/"
          + runId)).header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body());
      if ("blocked".equals(run.path("status").asText())) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("the run was never blocked by its checks");
  }

  private String post(String url, String body, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException("POST " + url + ": " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  private static long[] concat(List<long[]> parts) {
    return parts.stream().flatMapToLong(Arrays::stream).toArray();
  }

  private static void write(Path out, Map<String, Object> report) throws Exception {
    Files.createDirectories(out);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("fanout.json").toFile(),
        report);
    StringBuilder table = new StringBuilder("| clients | event bytes | pdm p50 | pdm p99 (spread) | pdm max | bare p50 |"
        + " bare p99 (spread) | bare max | pdm p99 / bare p99 | all received |\n|---|---|---|---|---|---|---|---|---|---|\n");
    for (Object o : (List<?>) report.get("results")) {
      Map<?, ?> r = (Map<?, ?>) o;
      Map<?, ?> p = (Map<?, ?>) r.get("pdm");
      Map<?, ?> b = (Map<?, ?>) r.get("bare_vertx");
      table.append(String.format(Locale.ROOT, "| %s | %s | %s ms | %s ms (%s–%s) | %s ms | %s ms | %s ms (%s–%s) | %s ms |"
              + " %.2f | %s |%n", r.get("clients"), r.get("event_bytes"), p.get("p50_ms"), p.get("p99_ms"),
          ((List<?>) p.get("p99_spread_ms")).get(0), ((List<?>) p.get("p99_spread_ms")).get(1), p.get("max_ms"),
          b.get("p50_ms"), b.get("p99_ms"), ((List<?>) b.get("p99_spread_ms")).get(0),
          ((List<?>) b.get("p99_spread_ms")).get(1), b.get("max_ms"),
          (Double) p.get("p99_ms") / (Double) b.get("p99_ms"),
          p.get("all_received").equals(true) && b.get("all_received").equals(true) ? "yes" : "no"));
    }
    table.append("\n").append(report.get("machine")).append("\n");
    Files.writeString(out.resolve("fanout.md"), table);
    System.out.println(table);
  }

  static String option(List<String> arguments, String name, String fallback) {
    int at = arguments.indexOf(name);
    return at >= 0 && at + 1 < arguments.size() ? arguments.get(at + 1) : fallback;
  }

  /** N WebSocket clients of one server, each recording when the awaited message reached it. */
  private static final class Receivers {
    private final List<WebSocket> sockets;
    private final WebSocketClient client;
    private volatile Receipt awaited;

    private Receivers(WebSocketClient client, List<WebSocket> sockets) {
      this.client = client;
      this.sockets = sockets;
    }

    static Receivers connect(Vertx vertx, int n, URI server, String path, String token) throws Exception {
      WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(n)
          .setMaxFrameSize(1 << 20).setMaxMessageSize(16 << 20).setConnectTimeout(60_000));
      Receivers receivers = new Receivers(client, new ArrayList<>());
      for (int start = 0; start < n; start += 200) {
        List<Future<WebSocket>> batch = new ArrayList<>();
        for (int i = start; i < Math.min(n, start + 200); i++) {
          int index = i;
          WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(server.getHost())
              .setPort(server.getPort()).setURI(path);
          if (token != null) {
            options.addHeader("Authorization", "Bearer " + token);
          }
          batch.add(client.connect(options).onSuccess(socket -> {
            socket.closeHandler(v -> System.out.printf(Locale.ROOT, "client %d of %s closed: %s %s%n", index, server,
                socket.closeStatusCode(), socket.closeReason()));
            socket.textMessageHandler(text -> {
              Receipt receipt = receivers.awaited;
              if (receipt != null) {
                receipt.received(index, text);
              }
            });
          }));
        }
        for (Future<WebSocket> socket : batch) {
          receivers.sockets.add(socket.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES));
        }
      }
      return receivers;
    }

    Receipt expect(String marker) {
      Receipt receipt = new Receipt(marker, sockets.size());
      awaited = receipt;
      return receipt;
    }

    void close() throws Exception {
      client.close().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    }
  }

  /** One message awaited by every client: when each got it. */
  private static final class Receipt {
    private final String marker;
    private final long[] at;
    private final AtomicInteger count = new AtomicInteger();
    private final CountDownLatch all;
    private volatile String text;

    Receipt(String marker, int clients) {
      this.marker = marker;
      this.at = new long[clients];
      this.all = new CountDownLatch(clients);
    }

    void received(int client, String message) {
      if (!message.contains(marker)) {
        return;
      }
      long now = System.nanoTime();
      synchronized (this) {
        if (at[client] != 0) {
          return;
        }
        at[client] = now;
      }
      text = message;
      count.incrementAndGet();
      all.countDown();
    }

    /** Waits for every client (at most {@link #RECEIPT}); the latencies of those that got it. */
    long[] await(long sent) throws InterruptedException {
      all.await(RECEIPT.toMillis(), TimeUnit.MILLISECONDS);
      synchronized (this) {
        return Arrays.stream(at).filter(t -> t != 0).map(t -> t - sent).toArray();
      }
    }

    String text() {
      return text;
    }
  }
}
