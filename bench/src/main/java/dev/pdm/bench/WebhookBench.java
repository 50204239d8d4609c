package dev.pdm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
import java.util.function.LongFunction;
import java.util.regex.Pattern;

/**
 * Benchmarks 2 and 3 of issue #13, for pdm and, in the same run, for a bare Vert.x server ({@link BareWebhookServer})
 * that takes the same webhooks and does nothing else (the floor). pdm, its simulated GitLab and the bare server each
 * run in their own JVM; this process is the load.
 *
 * <p><b>Webhook → screen</b>: a job webhook about a real change of the pipeline or migration job pdm follows (made to
 * happen in the simulated GitLab, {@link FollowedJobChanges}) is posted to {@code /hooks/gitlab}; timed from the moment
 * the webhook is posted to pdm's {@code PipelineStatusChanged} or {@code JobStatusChanged} event reaching its live
 * WebSocket clients (and, beside it, from the moment GitLab had the change, and phase by phase: {@link
 * WebhookPathTimes}, from pdm's store, an external PostgreSQL with commit timestamps). pdm polls GitLab once an hour
 * here, and the simulated GitLab has no hook of its own to pdm, so pdm learns each change from a webhook. Meanwhile a
 * background of valid webhooks arrives at a fixed rate (100/s and 1,000/s): hints about pipelines no run follows, and a
 * share about the followed pipeline that change nothing. The bare server gets the same background and, for each
 * sample, the same webhook, to which it answers by sending a text of the event's size to its WebSocket clients.
 *
 * <p><b>Webhook ingest ceiling</b>: open-loop load ({@link OpenLoopLoad}) of valid webhooks at rising rates, each
 * step sustained; per step the answer times counted from each delivery's due time, the answers other than 2xx and the
 * errors; the ceiling is the highest rate answered entirely 2xx with p99 under 100 ms.
 *
 * <p>Arguments: {@code [--rates 100,1000] [--samples 20] [--followed-share 0.1] [--clients 1] [--steps
 * 1000,2000,3000,4000,5000,6000,8000] [--step-seconds 5] [--warmup-seconds 1] [--rounds 3] [--connections 64]
 * [--senders 2] [--only screen|ingest] [--out target/bench]} and the jars as for {@link FanOutBench}.
 */
public final class WebhookBench {
  private static final Duration READY = Duration.ofSeconds(120);
  private static final Duration IDLE = Duration.ofSeconds(30);
  private static final Pattern BARE_READY = Pattern.compile("bare webhook server ready: (http://\\S+)");
  private static final double CEILING_P99_MS = 100;
  /** pdm polls what it follows once an hour: every change it reports here it learnt from a webhook. */
  private static final String SLOW_POLLING = "polling: {active_interval_seconds: 3600, idle_interval_seconds: 3600}";
  private static final int OTHER_BODIES = 1024;
  private static final String[] OTHER_JOBS = {"rspec unit 3/28", "rubocop", "compile-production-assets", "gprd-deploy",
      "qa-smoke", "db:check-schema", "package-and-qa", "gstg-cny-deploy"};
  private static final String[] OTHER_STATUSES = {"pending", "running", "success", "failed", "canceled"};
  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final BenchArguments arguments;
  private final int rounds;
  private final List<Buffer> otherPipelines = new ArrayList<>();

  private WebhookBench(BenchArguments arguments) {
    this.arguments = arguments;
    this.rounds = arguments.getInt("--rounds", 3);
    for (int i = 0; i < OTHER_BODIES; i++) {
      otherPipelines.add(Buffer.buffer(new JobHook(2_000_000 + i % 7, 900_000 + i, 5_000_000 + i,
          OTHER_JOBS[i % OTHER_JOBS.length], "test", OTHER_STATUSES[i % OTHER_STATUSES.length]).body()));
    }
  }

  public static void main(String[] args) throws Exception {
    BenchArguments arguments = new BenchArguments(args);
    Path out = Path.of(arguments.get("--out", "target/bench"));
    String only = arguments.get("--only", "");
    WebhookBench bench = new WebhookBench(arguments);
    try (BenchPostgres database = BenchPostgres.start(Files.createTempDirectory("pdm-webhooks-db-"));
        BenchProcess bare = BenchProcess.start(BARE_READY, List.of("-Xmx512m"), List.of("-cp",
            arguments.get("--bench-jar", "target/pdm-bench.jar"), BareWebhookServer.class.getName()));
        PdmUnderBench pdm = PdmUnderBench.start(arguments, List.of("--scenario", "staging-migration-fails",
            "--speed", "0"), List.of("-Xmx512m"), SLOW_POLLING + "\ndatabase: {url: \"" + database.url() + "\"}")) {
      String bareUrl = bare.awaitReady(READY);
      System.out.printf(Locale.ROOT, "pdm %s (pid %d), bare server %s (pid %d), simulated GitLab %s%n", pdm.url(),
          pdm.pid(), bareUrl, bare.pid(), pdm.gitLabUrl());
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("benchmark", "webhooks: webhook -> screen under a background of webhooks, and the webhook ingest"
          + " ceiling (open loop), pdm beside a bare Vert.x server");
      report.put("rounds", bench.rounds);
      if (!only.equals("ingest")) {
        try {
          report.put("screen", bench.screen(pdm, database, bareUrl));
        } catch (Exception e) {
          List<String> lines = pdm.output().lines().toList();
          System.out.println("pdm's last lines:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60),
              lines.size())));
          throw e;
        }
      }
      if (!only.equals("screen")) {
        report.put("ingest", bench.ingest(pdm, bare, bareUrl));
      }
      report.put("simulated_gitlab_webhooks_delivered", new ObjectMapper().readTree(pdm.getGitLab(
          "/-/sandbox/webhooks")).size());
      BenchReport.write(out, "webhooks", report, WebhookTables.of(report));
    } finally {
      bench.vertx.close();
    }
  }

  /** Benchmark 2: webhook → event at a live client, at each background rate, pdm and bare samples interleaved. */
  private Map<String, Object> screen(PdmUnderBench pdmServer, BenchPostgres database, String bareUrl)
      throws Exception {
    int clients = arguments.getInt("--clients", 1);
    int samples = arguments.getInt("--samples", 20);
    double followedShare = Double.parseDouble(arguments.get("--followed-share", "0.1"));
    FollowedJobChanges changes = FollowedJobChanges.start(pdmServer);
    System.out.printf(Locale.ROOT, "run %s follows job %s%n", changes.runId(), changes.job());
    LiveClients pdm = LiveClients.connect(vertx, clients, URI.create(pdmServer.url()), "/api/v1/live",
        PdmUnderBench.TOKEN);
    LiveClients bare = LiveClients.connect(vertx, clients, URI.create(bareUrl), "/live", null);
    List<Map<String, Object>> results = new ArrayList<>();
    try (OpenLoopLoad pdmLoad = load(URI.create(pdmServer.url()));
        OpenLoopLoad bareLoad = load(URI.create(bareUrl))) {
      LongFunction<OpenLoopLoad.Delivery> background = i -> Math.floorMod(i * 0x9E3779B97F4A7C15L, 1000)
          < followedShare * 1000 ? new OpenLoopLoad.Delivery(JobHook.EVENT, Buffer.buffer(changes.unchanged().body()))
          : other(i);
      int eventBytes = 0;
      for (int rate : arguments.getInts("--rates", "100,1000")) {
        OpenLoopLoad.Run pdmBackground = pdmLoad.start(rate, Duration.ZERO, background);
        OpenLoopLoad.Run bareBackground = bareLoad.start(rate, Duration.ZERO, background);
        Thread.sleep(2_000);
        long gitLabBefore = gitLabRequests(pdmServer) - changes.apiReads();
        long started = System.nanoTime();
        List<Latencies> pdmRounds = new ArrayList<>();
        List<Latencies> fromChangeRounds = new ArrayList<>();
        List<Latencies> bareRounds = new ArrayList<>();
        WebhookPathTimes path = new WebhookPathTimes(database, changes.runId());
        int unexpected = 0;
        String failure = null;
        try {
          for (int round = 0; round <= rounds; round++) {
            List<long[]> pdmNanos = new ArrayList<>();
            List<long[]> fromChangeNanos = new ArrayList<>();
            List<long[]> bareNanos = new ArrayList<>();
            for (int s = 0; s < samples; s++) {
              List<String> markers = changes.nextEventMarkers();
              Receipt pdmReceipt = pdm.expectAll(markers);
              FollowedJobChanges.Change change = changes.next();
              FollowedJobChanges.Posted posted = changes.hint(change.hook());
              long[] fromChange = pdmReceipt.await(change.changedAt());
              fromChangeNanos.add(fromChange);
              pdmNanos.add(Arrays.stream(fromChange).map(n -> n - (posted.at() - change.changedAt())).toArray());
              String text = pdmReceipt.text();
              if (!markers.contains("\"event\":\"" + change.event() + "\"")
                  || !markers.contains("\"status\":\"" + change.status().toUpperCase(Locale.ROOT) + "\"")) {
                unexpected++;
                System.out.println("GitLab's change was " + change.event() + " " + change.status() + ", not "
                    + markers);
              }
              if (text == null) {
                System.out.println("no client got " + markers + " within 20 s");
              } else {
                eventBytes = text.length();
                if (round > 0) {
                  path.add(change.changedAt(), posted, change.changedAt() + Arrays.stream(fromChange).min()
                      .orElseThrow(), text);
                }
              }
              String marker = UUID.randomUUID().toString();
              Receipt bareReceipt = bare.expect(marker);
              long sent = System.nanoTime();
              echo(bareUrl, change.hook(), marker, eventBytes);
              bareNanos.add(bareReceipt.await(sent));
            }
            Latencies p = Latencies.of(concat(pdmNanos), (long) clients * samples);
            Latencies c = Latencies.of(concat(fromChangeNanos), (long) clients * samples);
            Latencies b = Latencies.of(concat(bareNanos), (long) clients * samples);
            System.out.printf(Locale.ROOT, "%d webhooks/s, %s: pdm p50 %.1f p99 %.1f max %.1f ms (%d/%d) | bare p50"
                    + " %.1f p99 %.1f max %.1f ms (%d/%d)%n", rate, round == 0 ? "warm-up" : "round " + round, p.p50(),
                p.p99(), p.max(), p.received(), p.expected(), b.p50(), b.p99(), b.max(), b.received(), b.expected());
            if (round > 0) {
              pdmRounds.add(p);
              fromChangeRounds.add(c);
              bareRounds.add(b);
            }
          }
        } catch (Exception e) {
          // pdm (or the machine) could not keep up: the rounds measured so far are reported, with why it stopped.
          failure = e.toString().substring(0, Math.min(e.toString().length(), 300));
          System.out.println("webhook -> screen stopped at " + rate + "/s: " + failure);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long gitLabReads = gitLabRequests(pdmServer) - changes.apiReads() - gitLabBefore;
        OpenLoopLoad.Result pdmAnswers = pdmBackground.stop();
        OpenLoopLoad.Result bareAnswers = bareBackground.stop();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("background_webhooks_per_second", rate);
        result.put("followed_pipeline_share", followedShare);
        result.put("event_bytes", eventBytes);
        result.put("pdm", Latencies.summary(pdmRounds));
        result.put("pdm_from_gitlab_change", Latencies.summary(fromChangeRounds));
        result.put("pdm_path", path.json());
        result.put("bare_vertx", Latencies.summary(bareRounds));
        result.put("changes_not_as_predicted", unexpected);
        if (failure != null) {
          result.put("stopped_by", failure);
        }
        result.put("pdm_gitlab_requests_per_second", Latencies.round(gitLabReads / seconds));
        result.put("pdm_background_answers", json(pdmAnswers));
        result.put("bare_background_answers", json(bareAnswers));
        System.out.printf(Locale.ROOT, "%d webhooks/s: pdm read GitLab %.1f times a second; background answers: pdm"
            + " %s, bare %s%n", rate, gitLabReads / seconds, json(pdmAnswers), json(bareAnswers));
        results.add(result);
        if (failure != null) {
          break;
        }
      }
    } finally {
      pdm.close();
      bare.close();
    }
    Map<String, Object> screen = new LinkedHashMap<>();
    screen.put("what", "a job webhook about a real change of the followed pipeline or migration job -> pdm's"
        + " PipelineStatusChanged or JobStatusChanged event at a live WebSocket client, under a background of valid"
        + " webhooks");
    screen.put("samples_per_round", samples);
    screen.put("clients", clients);
    screen.put("results", results);
    return screen;
  }

  /** Benchmark 3: each step's open-loop rate for pdm and the bare server, in alternating order, round after round. */
  private Map<String, Object> ingest(PdmUnderBench pdmServer, BenchProcess bareProcess, String bareUrl)
      throws Exception {
    int[] steps = arguments.getInts("--steps", "1000,2000,3000,4000,5000,6000,8000");
    Duration measured = Duration.ofSeconds(arguments.getInt("--step-seconds", 5));
    Duration warmUp = Duration.ofSeconds(arguments.getInt("--warmup-seconds", 1));
    Map<String, ProcessCpu> cpu = Map.of("pdm", new ProcessCpu(pdmServer.pid()), "bare_vertx",
        new ProcessCpu(bareProcess.pid()));
    Map<String, List<List<Map<String, Object>>>> rounds = new LinkedHashMap<>();
    try (OpenLoopLoad pdmLoad = load(URI.create(pdmServer.url()));
        OpenLoopLoad bareLoad = load(URI.create(bareUrl))) {
      Map<String, OpenLoopLoad> loads = Map.of("pdm", pdmLoad, "bare_vertx", bareLoad);
      for (int round = 0; round <= this.rounds; round++) {
        // The warm-up round runs the first two steps only: enough for the JIT, short enough to leave time for rounds.
        int[] these = round == 0 ? Arrays.copyOf(steps, Math.min(2, steps.length)) : steps;
        List<String> order = round % 2 == 1 ? List.of("pdm", "bare_vertx") : List.of("bare_vertx", "pdm");
        for (int rate : these) {
          for (String server : order) {
            double waited = cpu.get(server).awaitIdle(IDLE);
            double cpuBefore = cpu.get(server).seconds();
            OpenLoopLoad.Run run = loads.get(server).start(rate, warmUp, this::other);
            Thread.sleep(warmUp.plus(measured).toMillis());
            OpenLoopLoad.Result result = run.stop();
            Map<String, Object> step = json(result);
            step.put("rate", rate);
            step.put("server_cores_busy", Latencies.round((cpu.get(server).seconds() - cpuBefore)
                / (warmUp.plus(measured).toMillis() / 1000.0)));
            step.put("idle_wait_before_s", Latencies.round(waited));
            System.out.printf(Locale.ROOT, "ingest %s, %s, %d/s: %s%n", round == 0 ? "warm-up" : "round " + round,
                server, rate, step);
            if (round > 0) {
              List<List<Map<String, Object>>> serverRounds = rounds.computeIfAbsent(server, s -> new ArrayList<>());
              while (serverRounds.size() < round) {
                serverRounds.add(new ArrayList<>());
              }
              serverRounds.get(round - 1).add(step);
            }
          }
        }
      }
    }
    Map<String, Object> ingest = new LinkedHashMap<>();
    ingest.put("what", "open-loop valid job webhooks (pipelines no run follows), answer time from each delivery's"
        + " due time; ceiling = highest rate with every answer 2xx and p99 < " + (int) CEILING_P99_MS + " ms");
    ingest.put("step_seconds", measured.toSeconds());
    ingest.put("warmup_seconds", warmUp.toSeconds());
    ingest.put("connections", arguments.getInt("--connections", 64));
    for (String server : List.of("pdm", "bare_vertx")) {
      ingest.put(server, IngestCeiling.summary(rounds.getOrDefault(server, List.of()), CEILING_P99_MS));
    }
    return ingest;
  }

  private OpenLoopLoad load(URI server) throws Exception {
    return OpenLoopLoad.to(vertx, server, "/hooks/gitlab", PdmUnderBench.WEBHOOK_SECRET,
        arguments.getInt("--connections", 64), arguments.getInt("--senders", 2));
  }

  /** A valid job webhook about a pipeline no run follows: most of what a busy GitLab sends. */
  private OpenLoopLoad.Delivery other(long index) {
    return new OpenLoopLoad.Delivery(JobHook.EVENT, otherPipelines.get((int) (index % OTHER_BODIES)));
  }

  /** The sample's webhook to the bare server, which sends {@code bytes} characters carrying {@code marker}. */
  private void echo(String bareUrl, JobHook hook, String marker, int bytes) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(bareUrl + "/hooks/gitlab"))
        .header("Content-Type", "application/json").header("X-Gitlab-Event", JobHook.EVENT)
        .header("X-Gitlab-Token", PdmUnderBench.WEBHOOK_SECRET).header("X-Bench-Echo", Integer.toString(bytes))
        .header("X-Bench-Marker", marker).POST(HttpRequest.BodyPublishers.ofString(hook.body())).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 202) {
      throw new IllegalStateException("the bare server answered " + response.statusCode());
    }
  }

  private static long gitLabRequests(PdmUnderBench pdm) throws Exception {
    return new ObjectMapper().readTree(pdm.getGitLab("/-/sandbox/traffic")).path("requests").asLong();
  }

  static Map<String, Object> json(OpenLoopLoad.Result result) {
    Map<String, Object> json = new LinkedHashMap<>(result.latencies().json());
    json.remove("received");
    json.remove("expected");
    json.put("send_lag_p99_ms", Latencies.round(result.sendLag().p99()));
    json.put("send_lag_max_ms", Latencies.round(result.sendLag().max()));
    json.put("due", result.due());
    json.put("achieved_rate", Latencies.round(result.rate()));
    json.put("answered_2xx", result.answered2xx());
    json.put("other_statuses", result.otherStatuses());
    json.put("errors", result.errors());
    json.put("missed", result.missed());
    if (result.firstError() != null) {
      json.put("first_error", result.firstError());
    }
    return json;
  }

  private static long[] concat(List<long[]> parts) {
    return parts.stream().flatMapToLong(Arrays::stream).toArray();
  }
}
