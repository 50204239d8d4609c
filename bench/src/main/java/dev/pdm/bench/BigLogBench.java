package dev.pdm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Benchmark 5 of issue #13, big logs: the simulated GitLab's staging migration job prints a log that grows live to
 * {@code --size-mb} (500 MB by default) and fails at its end; pdm, in a {@code -Xmx256m} heap that exits on an
 * OutOfMemoryError, follows the run with one live WebSocket client connected and triages the failure. Measured: that
 * pdm completes the run (the triage names the failing migration) alive; its peak heap used, the heap it keeps, its peak
 * RSS and its embedded PostgreSQL's; the bytes it reads from GitLab per poll of the log, against what a whole-log
 * download per poll (the old behaviour) would read; the time from the failure line appearing in GitLab's log to the
 * triage reaching the live client. Baseline in the same run, the same pdm: the same at {@code --small-mb} (50 MB), the
 * point being that memory does not grow with the log. pdm, the simulated GitLab and this process (the client and the
 * measurements) each run in their own JVM.
 *
 * <p>Rounds: a warm-up at the small size, {@code --small-rounds} (3) at the small size, then {@code --rounds} (1) at
 * the full size: one 500 MB round takes minutes. Arguments: {@code [--size-mb 500] [--small-mb 50] [--rounds 1]
 * [--small-rounds 3] [--mb-per-second 4] [--speed 20] [--xmx 256m] [--poll-seconds N] [--out target/bench]
 * [--pdm-jar ...] [--sandbox-jar ...]}.
 */
public final class BigLogBench {
  private static final String STAGE = "migrate-gstg";
  private static final String ENVIRONMENT = "gstg";
  private static final String MIGRATION_JOB = "gstg-postdeploy-migrations";
  private static final String JOBS = "/api/v4/projects/gitlab-com%2Fgl-infra%2Fdeployer/jobs/";
  /** The first line of Rails' error block: the line that says a migration failed. */
  private static final byte[] FAILURE_LINE = "rake aborted!".getBytes(StandardCharsets.US_ASCII);
  private static final String TRIAGE_EVENT = "\"event\":\"TriageCompleted\"";
  /** How long a round may take beyond its log's growth before it counts as missed (pdm still alive). */
  private static final Duration BEYOND_GROWTH = Duration.ofMinutes(10);
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final PdmUnderBench pdm;
  private final LiveClients client;
  private final GcLog gc;
  private final JsonNode migrationFault;
  private final double megabytesPerSecond;
  private final double speed;

  private BigLogBench(PdmUnderBench pdm, LiveClients client, GcLog gc, double megabytesPerSecond, double speed)
      throws Exception {
    this.pdm = pdm;
    this.client = client;
    this.gc = gc;
    this.megabytesPerSecond = megabytesPerSecond;
    this.speed = speed;
    this.migrationFault = json.readTree(pdm.getGitLab("/-/sandbox/faults")).path("migrations").path(0);
  }

  public static void main(String[] args) throws Exception {
    BenchArguments arguments = new BenchArguments(args);
    int sizeMb = arguments.getInt("--size-mb", 500);
    int smallMb = arguments.getInt("--small-mb", 50);
    int rounds = arguments.getInt("--rounds", 1);
    int smallRounds = arguments.getInt("--small-rounds", 3);
    double megabytesPerSecond = Double.parseDouble(arguments.get("--mb-per-second", "4"));
    double speed = Double.parseDouble(arguments.get("--speed", "20"));
    String xmx = arguments.get("--xmx", "256m");
    String pollSeconds = arguments.get("--poll-seconds", null);
    Path out = Path.of(arguments.get("--out", "target/bench"));
    GcLog gc = new GcLog(Files.createTempDirectory("pdm-bench-gc-").resolve("pdm-gc.log"));
    List<String> jvm = List.of("-Xmx" + xmx, "-XX:+ExitOnOutOfMemoryError", gc.option());
    String yaml = pollSeconds == null ? "" : "polling: {active_interval_seconds: " + pollSeconds + "}";
    Vertx vertx = Vertx.vertx();
    long began = System.nanoTime();
    try (PdmUnderBench pdm = PdmUnderBench.start(arguments, List.of("--scenario", "staging-migration-fails",
        "--speed", Double.toString(speed)), jvm, yaml)) {
      System.out.printf(Locale.ROOT, "pdm %s (pid %d, %s), simulated GitLab %s; GC log %s%n", pdm.url(), pdm.pid(),
          String.join(" ", jvm), pdm.gitLabUrl(), gc.option());
      LiveClients client = LiveClients.connect(vertx, 1, URI.create(pdm.url()), "/api/v1/live", PdmUnderBench.TOKEN);
      BigLogBench bench = new BigLogBench(pdm, client, gc, megabytesPerSecond, speed);
      Map<String, Object> warmUp = bench.round(smallMb, "warm-up");
      List<Map<String, Object>> small = bench.rounds(smallMb, smallRounds, warmUp);
      List<Map<String, Object>> big = alive(small) ? bench.rounds(sizeMb, rounds, null) : List.of();
      client.close();
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("benchmark", "big logs: a migration log growing live to N MB and failing at its end, followed and"
          + " triaged by pdm in a small heap with one live client");
      report.put("pdm_jvm", jvm.subList(0, 2));
      report.put("log_growth_mb_per_second", megabytesPerSecond);
      report.put("sandbox_speed", speed);
      report.put("pdm_polling_active_interval_seconds", pollSeconds == null ? "default (5)" : pollSeconds);
      report.put("warm_up", warmUp);
      report.put("results", List.of(summary(smallMb, small), summary(sizeMb, big)));
      report.put("wall_seconds", Math.round((System.nanoTime() - began) / 1e9));
      // A blocked event loop would stall every live client while pdm reads a big log.
      report.put("pdm_event_loop_blocked_warnings", pdm.output().lines()
          .filter(l -> l.contains("has been blocked for")).count());
      BenchReport.write(out, "big-log", report, table(report));
    } finally {
      vertx.close();
    }
  }

  private List<Map<String, Object>> rounds(int megabytes, int count, Map<String, Object> warmUp) throws Exception {
    List<Map<String, Object>> rounds = new ArrayList<>();
    if (warmUp != null && !alive(List.of(warmUp))) {
      return rounds;
    }
    for (int i = 1; i <= count; i++) {
      Map<String, Object> round = round(megabytes, "round " + i);
      rounds.add(round);
      if (!alive(rounds)) {
        break;
      }
    }
    return rounds;
  }

  private static boolean alive(List<Map<String, Object>> rounds) {
    return rounds.stream().allMatch(r -> Boolean.TRUE.equals(r.get("pdm_alive")));
  }

  /** One run whose staging migration logs {@code megabytes} live and fails at the end, from its start to its triage. */
  private Map<String, Object> round(int megabytes, String label) throws Exception {
    double growthSeconds = megabytes / megabytesPerSecond;
    pdm.toGitLab("DELETE", "/-/sandbox/faults", "");
    ObjectNode faults = json.createObjectNode();
    faults.putArray("migrations").add(migrationFault);
    faults.putArray("logs").addObject().put("environment", ENVIRONMENT).put("megabytes", megabytes)
        .put("seconds", Math.max(1, growthSeconds * speed));
    pdm.toGitLab("POST", "/-/sandbox/faults", faults.toString());
    pdm.toGitLab("DELETE", "/-/sandbox/traffic", "");
    ResidentMemory.resetPeak(pdm.pid());
    int gcMark = gc.mark();
    Receipt triage = client.expect(TRIAGE_EVENT);
    Map<String, Object> round = new LinkedHashMap<>();
    round.put("round", label);
    round.put("log_mb", megabytes);
    System.out.printf(Locale.ROOT, "%d MB, %s: the log grows over %.0f s%n", megabytes, label, growthSeconds);
    try (MigrationJobWatch job = MigrationJobWatch.start(pdm, MIGRATION_JOB);
        MemoryWatch memory = MemoryWatch.start(pdm, pdm.work())) {
      String runId = json.readTree(pdm.post("/api/v1/runs", "")).path("id").asText();
      OptionalLong received = awaitTriage(triage, Duration.ofSeconds(Math.round(growthSeconds)).plus(BEYOND_GROWTH));
      boolean alive = alive();
      round.put("pdm_alive", alive);
      round.put("triage_received", received.isPresent());
      if (!alive) {
        return round;
      }
      Map<String, Instant> stored = awaitLogRead(runId);
      long jobId = job.jobId().orElseThrow();
      JsonNode failed = json.readTree(pdm.get("/api/v1/runs/" + runId)).path("state").path("triage").path(STAGE)
          .path("report").path("failed");
      String version = migrationFault.path("version").asText();
      round.put("triage_names_failing_migration", version.equals(failed.path("version").asText())
          && received.isPresent() && triage.text().contains(version));
      round.put("triage_failed_migration", failed.path("version").asText() + " " + failed.path("error_class").asText());
      round.put("log_bytes", job.length());
      round.put("trace_reads", TraceReads.of(json.readTree(pdm.getGitLab("/-/sandbox/traffic")), jobId).json());
      long failureLine = failureLineOffset(jobId, job.length());
      OptionalLong appended = job.firstPast(failureLine);
      round.put("failure_line_offset", failureLine);
      round.put("failure_line_to_triage_on_client_ms", received.isPresent() && appended.isPresent()
          ? Latencies.round((received.getAsLong() - appended.getAsLong()) / 1e6) : null);
      round.put("job_failed_to_triage_on_client_ms", received.isPresent() && job.failedAt().isPresent()
          ? Latencies.round((received.getAsLong() - job.failedAt().getAsLong()) / 1e6) : null);
      if (appended.isPresent() && stored.containsKey("failed") && stored.containsKey("triaged")) {
        // pdm's event times are its wall clock, this machine's: the nanoTime samples are put on the same clock.
        long appendedAtMs = System.currentTimeMillis() - (System.nanoTime() - appended.getAsLong()) / 1_000_000;
        round.put("failure_line_to_pdm_stored_job_failed_ms", stored.get("failed").toEpochMilli() - appendedAtMs);
        round.put("pdm_stored_job_failed_to_triage_stored_ms", Duration.between(stored.get("failed"),
            stored.get("triaged")).toMillis());
      }
      memory.close();
      round.put("heap_peak_used_mb_gc_log", gc.peakBeforeCollection(gcMark));
      round.put("gc_collections", gc.collections(gcMark));
      round.put("heap_peak_used_mb_sampled_metrics", megabytes(memory.heapPeak()));
      round.put("pdm_peak_rss_mb", megabytes(ResidentMemory.peak(pdm.pid())));
      round.put("postgres_peak_pss_mb_sampled", megabytes(memory.postgresPeak()));
      round.put("heap_live_after_full_gc_mb", gc.liveAfterFullCollection(pdm.pid()));
      pdm.post("/api/v1/runs/" + runId + "/cancel", "{\"reason\":\"benchmark round done\"}");
      await(() -> !json.readTree(pdm.get("/api/v1/runs/" + runId)).path("active").asBoolean(), "the run closed");
    }
    System.out.println(json.writeValueAsString(round));
    return round;
  }

  private boolean alive() {
    return ProcessHandle.of(pdm.pid()).map(ProcessHandle::isAlive).orElse(false);
  }

  /** When (nanoTime) the live client got the triage; empty if pdm died or the wait ran out first. */
  private OptionalLong awaitTriage(Receipt triage, Duration wait) throws Exception {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline && alive()) {
      long[] at = triage.await(0, Duration.ofSeconds(2));
      if (at.length > 0) {
        return OptionalLong.of(at[0]);
      }
    }
    return OptionalLong.empty();
  }

  /**
   * Waits until pdm stored the read that ended the job's log, so that the traffic counted has every poll; answers when
   * pdm stored that the migration job failed ({@code failed}) and the triage ({@code triaged}).
   */
  private Map<String, Instant> awaitLogRead(String runId) throws Exception {
    long[] since = {0};
    Map<String, Instant> stored = new HashMap<>();
    await(() -> {
      JsonNode page = json.readTree(pdm.get("/api/v1/runs/" + runId + "/events?limit=1000&since=" + since[0]))
          .path("events");
      for (JsonNode event : page) {
        since[0] = event.path("seq").asLong();
        String type = event.path("type").asText();
        JsonNode payload = event.path("payload");
        if ("JobLog".equals(type) && payload.path("complete").asBoolean()) {
          stored.put("complete", Instant.parse(event.path("at").asText()));
        } else if ("JobStatusChanged".equals(type) && payload.toString().contains(MIGRATION_JOB)
            && payload.findValues("status").stream().anyMatch(s -> "failed".equalsIgnoreCase(s.asText()))) {
          stored.putIfAbsent("failed", Instant.parse(event.path("at").asText()));
        } else if ("TriageCompleted".equals(type)) {
          stored.put("triaged", Instant.parse(event.path("at").asText()));
        }
      }
      return stored.containsKey("complete");
    }, "pdm read the job's log to its end");
    return stored;
  }

  private static void await(Check check, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      if (check.holds()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("not within 3 minutes: " + what);
  }

  /** A condition polled over HTTP. */
  private interface Check {
    boolean holds() throws Exception;
  }

  /** Where the failure line starts in the job's log (read from its last 64 KiB, after the round's traffic counted). */
  private long failureLineOffset(long jobId, long length) throws Exception {
    long from = Math.max(0, length - 65_536);
    HttpResponse<byte[]> tail = http.send(HttpRequest.newBuilder(URI.create(pdm.gitLabUrl()
            + JOBS + jobId + "/trace")).header("PRIVATE-TOKEN", "sandbox-token").header("Range", "bytes=" + from + "-")
        .build(), HttpResponse.BodyHandlers.ofByteArray());
    byte[] bytes = tail.body();
    for (int i = bytes.length - FAILURE_LINE.length; i >= 0; i--) {
      if (java.util.Arrays.equals(bytes, i, i + FAILURE_LINE.length, FAILURE_LINE, 0, FAILURE_LINE.length)) {
        return from + i;
      }
    }
    throw new IllegalStateException("no failure line in the last 64 KiB of job " + jobId + "'s log");
  }

  private static double megabytes(long bytes) {
    return Math.round(bytes / 1024.0 / 1024.0 * 10) / 10.0;
  }

  /** The rounds at one size: each figure's median and spread (lowest, highest), and whether every round completed. */
  private static Map<String, Object> summary(int megabytes, List<Map<String, Object>> rounds) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("log_mb", megabytes);
    summary.put("rounds", rounds.size());
    summary.put("pdm_alive", alive(rounds));
    summary.put("all_triaged_naming_failing_migration", !rounds.isEmpty()
        && rounds.stream().allMatch(r -> Boolean.TRUE.equals(r.get("triage_names_failing_migration"))));
    for (String figure : List.of("heap_peak_used_mb_gc_log", "heap_peak_used_mb_sampled_metrics",
        "heap_live_after_full_gc_mb", "pdm_peak_rss_mb", "postgres_peak_pss_mb_sampled",
        "failure_line_to_triage_on_client_ms", "job_failed_to_triage_on_client_ms",
        "failure_line_to_pdm_stored_job_failed_ms", "pdm_stored_job_failed_to_triage_stored_ms")) {
      summary.put(figure, spread(rounds, r -> r.get(figure)));
    }
    for (String figure : List.of("polls", "mean_bytes_per_poll", "max_bytes_per_poll",
        "whole_log_download_mean_bytes_per_poll", "whole_log_download_max_bytes_per_poll")) {
      summary.put(figure, spread(rounds, r -> r.get("trace_reads") instanceof Map<?, ?> reads ? reads.get(figure)
          : null));
    }
    summary.put("log_bytes", spread(rounds, r -> r.get("log_bytes")));
    summary.put("per_round", rounds);
    return summary;
  }

  /** {median, lowest, highest} of a figure over the rounds that have it (empty when none). */
  private static List<Double> spread(List<Map<String, Object>> rounds, Function<Map<String, Object>, Object> figure) {
    List<Double> values = rounds.stream().map(figure).filter(v -> v instanceof Number)
        .map(v -> ((Number) v).doubleValue()).sorted().toList();
    return values.isEmpty() ? List.of() : List.of(Latencies.round(Latencies.median(values)), values.get(0),
        values.get(values.size() - 1));
  }

  private static String table(Map<String, Object> report) {
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "pdm %s; log growing at %s MB/s; figures are"
            + " median (lowest–highest) over the rounds%n%n", report.get("pdm_jvm"), report.get("log_growth_mb_per_second")));
    table.append("| log | rounds | completed alive, triage names the migration | peak heap used (GC log) | peak heap"
        + " sampled (/metrics) | heap kept (after full GC) | pdm peak RSS | PostgreSQL peak PSS |\n"
        + "|---|---|---|---|---|---|---|---|\n");
    List<?> results = (List<?>) report.get("results");
    for (Object o : results) {
      Map<?, ?> r = (Map<?, ?>) o;
      table.append(String.format(Locale.ROOT, "| %s MB | %s | %s | %s MB | %s MB | %s MB | %s MB | %s MB |%n",
          r.get("log_mb"), r.get("rounds"), Boolean.TRUE.equals(r.get("pdm_alive"))
              && Boolean.TRUE.equals(r.get("all_triaged_naming_failing_migration")) ? "yes" : "NO",
          cell(r, "heap_peak_used_mb_gc_log", 1), cell(r, "heap_peak_used_mb_sampled_metrics", 1),
          cell(r, "heap_live_after_full_gc_mb", 1), cell(r, "pdm_peak_rss_mb", 1),
          cell(r, "postgres_peak_pss_mb_sampled", 1)));
    }
    table.append("\n| log | polls | bytes read per poll, mean | max | whole-log download per poll (old), mean | max |"
        + " failure line in GitLab → triage on the live client | of which: → pdm stored the job failed | pdm stored"
        + " the job failed → triage stored |\n|---|---|---|---|---|---|---|---|---|\n");
    for (Object o : results) {
      Map<?, ?> r = (Map<?, ?>) o;
      table.append(String.format(Locale.ROOT, "| %s MB | %s | %s MB | %s MB | %s MB | %s MB | %s s | %s s | %s s |%n",
          r.get("log_mb"), cell(r, "polls", 1), cell(r, "mean_bytes_per_poll", 1 << 20),
          cell(r, "max_bytes_per_poll", 1 << 20), cell(r, "whole_log_download_mean_bytes_per_poll", 1 << 20),
          cell(r, "whole_log_download_max_bytes_per_poll", 1 << 20),
          cell(r, "failure_line_to_triage_on_client_ms", 1000), cell(r, "failure_line_to_pdm_stored_job_failed_ms",
              1000), cell(r, "pdm_stored_job_failed_to_triage_stored_ms", 1000)));
    }
    table.append(String.format(Locale.ROOT, "%npdm's \"blocked thread\" warnings (its event loop blocked over 2 s): %s;"
        + " the whole run took %s s.%n", report.get("pdm_event_loop_blocked_warnings"), report.get("wall_seconds")));
    return table.toString();
  }

  /** "median (lowest–highest)" of a summary figure, divided by {@code unit}; "–" when no round has it. */
  private static String cell(Map<?, ?> result, String figure, double unit) {
    List<?> values = (List<?>) result.get(figure);
    if (values == null || values.isEmpty()) {
      return "–";
    }
    String format = figure.equals("polls") ? "%.0f" : unit == 1 ? "%.1f" : "%.2f";
    Function<Object, String> shown = v -> String.format(Locale.ROOT, format,
        ((Number) v).doubleValue() / unit);
    return result.get("rounds").equals(1) ? shown.apply(values.get(0))
        : shown.apply(values.get(0)) + " (" + shown.apply(values.get(1)) + "–" + shown.apply(values.get(2)) + ")";
  }
}
