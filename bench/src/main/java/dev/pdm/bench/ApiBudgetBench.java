package dev.pdm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Benchmark 4 of issue #13, the GitLab API budget: GitLab calls per minute as the simulated GitLab counts them
 * ({@code /-/sandbox/traffic}), idle with 1 and with N viewers (which must cost the same), and during a run with
 * webhooks and with webhooks off (pdm polls only); and per run mode the delay from a job or pipeline finishing in
 * GitLab (the sandbox's hook to this process, {@link FinishWatch}) to pdm's {@code JobStatusChanged} or
 * {@code PipelineStatusChanged} for it at a live client. pdm and its simulated GitLab each run in their own JVM;
 * this process is the viewers and the watch.
 *
 * <p>Idle windows are aligned on pdm's idle refresh: after one is seen to end, each window starts half an interval
 * later and lasts a whole number of intervals, so that every window holds the same number of refreshes whatever their
 * phase. pdm's idle interval is set to {@code --idle-interval} for every mode alike (production: 60 s).
 *
 * <p>Arguments: {@code [--viewers 200] [--rounds 3] [--idle-interval 10] [--window-seconds 10] [--scenario happy]
 * [--speed 16] [--out target/bench]} and the jars as for {@link FanOutBench}.
 */
public final class ApiBudgetBench {
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
  private static final Set<String> FINISHED = Set.of("success", "failed", "canceled");
  private static final Set<String> RUN_OVER = Set.of("succeeded", "canceled", "failed", "waiting_for_decision");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final PdmUnderBench pdm;
  private final FinishWatch watch;
  private final String scenario;
  private final Map<String, Long> knownAt = new ConcurrentHashMap<>();
  private volatile String followedRun = "";

  private ApiBudgetBench(PdmUnderBench pdm, FinishWatch watch, String scenario) {
    this.pdm = pdm;
    this.watch = watch;
    this.scenario = scenario;
  }

  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    BenchArguments arguments = new BenchArguments(args);
    int viewers = arguments.getInt("--viewers", 200);
    int rounds = arguments.getInt("--rounds", 3);
    int interval = arguments.getInt("--idle-interval", 10);
    int window = Math.max(1, Math.round(arguments.getInt("--window-seconds", 10) / (float) interval)) * interval;
    String scenario = arguments.get("--scenario", "happy");
    Path out = Path.of(arguments.get("--out", "target/bench"));
    Vertx vertx = Vertx.vertx();
    try (PdmUnderBench pdm = PdmUnderBench.start(arguments, List.of("--scenario", scenario, "--speed",
            arguments.get("--speed", "16")), List.of("-Xmx512m"),
            "polling: {idle_interval_seconds: %d}".formatted(interval));
        FinishWatch watch = FinishWatch.start(vertx)) {
      System.out.printf(Locale.ROOT, "pdm %s (pid %d), simulated GitLab %s, idle interval %d s, windows of %d s%n",
          pdm.url(), pdm.pid(), pdm.gitLabUrl(), interval, window);
      ApiBudgetBench bench = new ApiBudgetBench(pdm, watch, scenario);
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("benchmark", "GitLab API budget: calls per minute at the simulated GitLab, idle and during a run;"
          + " delay from a job finishing in GitLab to pdm's event at a live client");
      report.put("idle_interval_seconds", interval);
      report.put("active_interval_seconds", 5);
      report.put("window_seconds", window);
      report.put("scenario", scenario);
      report.put("speed", Double.parseDouble(arguments.get("--speed", "16")));
      report.put("rounds", rounds);
      Map<String, Object> idleOne = bench.idle(vertx, 1, rounds, interval, window);
      Map<String, Object> idleMany = bench.idle(vertx, viewers, rounds, interval, window);
      report.put("idle_1_viewer", idleOne);
      report.put("idle_" + viewers + "_viewers", idleMany);
      // Equal: the same typical window and the same worst one (an extra refresh the viewers caused would show there).
      report.put("idle_equal", idleOne.get("requests_per_window").equals(idleMany.get("requests_per_window"))
          && idleOne.get("most_requests_in_a_window").equals(idleMany.get("most_requests_in_a_window")));
      report.put("idle_requests_per_refresh", Latencies.round((Double) idleOne.get("requests_per_window") * interval
          / window));
      Map<String, Object> runs = bench.runs(vertx, rounds);
      // The overview's idle refresh goes on during a run: what the run itself costs is what comes on top of it.
      runs.values().forEach(mode -> ((Map<String, Object>) mode).put("above_idle_per_minute", Latencies.round(
          (Double) ((Map<?, ?>) mode).get("per_minute") - (Double) idleOne.get("per_minute"))));
      report.put("during_run", runs);
      BenchReport.write(out, "api-budget", report, table(report, viewers));
    } finally {
      vertx.close();
    }
  }

  /** Idle: {@code rounds} windows of {@code window} s with {@code n} viewers, aligned on pdm's idle refresh. */
  private Map<String, Object> idle(Vertx vertx, int n, int rounds, int interval, int window) throws Exception {
    try (Viewers viewers = Viewers.open(vertx, pdm, n)) {
      long refreshEnded = lastRefreshEnd(interval);
      long start = refreshEnded + Duration.ofMillis(interval * 500L).toNanos();
      List<Map<String, Object>> windows = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        sleepUntil(start);
        resetTraffic();
        long from = System.nanoTime();
        long readsBefore = viewers.reads();
        start += Duration.ofSeconds(window).toNanos();
        sleepUntil(start);
        Map<String, Object> measured = traffic(System.nanoTime() - from);
        measured.put("viewer_reads_of_pdm", viewers.reads() - readsBefore);
        System.out.printf(Locale.ROOT, "idle, %d viewers, window %d: %s%n", n, round + 1, measured);
        windows.add(measured);
      }
      Map<String, Object> result = summary(windows);
      result.put("viewers", viewers.size());
      List<Double> requests = windows.stream().map(w -> ((Number) w.get("requests")).doubleValue()).toList();
      result.put("requests_per_window", Latencies.median(requests));
      result.put("most_requests_in_a_window", requests.stream().mapToDouble(d -> d).max().orElse(Double.NaN));
      result.put("requests_in_each_window", requests);
      result.put("failed_viewer_reads", viewers.failedReads());
      return result;
    }
  }

  /**
   * Waits until pdm's idle refresh has been seen to end (GitLab requests came, then none for 1.5 s); the moment
   * (nanoTime) of its last request.
   */
  private long lastRefreshEnd(int interval) throws Exception {
    resetTraffic();
    long deadline = System.nanoTime() + Duration.ofSeconds(3L * interval + 60).toNanos();
    long seen = 0;
    long changedAt = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long requests = JSON.readTree(pdm.getGitLab("/-/sandbox/traffic")).path("requests").asLong();
      long now = System.nanoTime();
      if (requests != seen) {
        seen = requests;
        changedAt = now;
      } else if (seen > 0 && now - changedAt > Duration.ofMillis(1500).toNanos()) {
        return changedAt;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("no idle refresh of pdm's overview was seen at the simulated GitLab");
  }

  /** The run rounds: a warm-up run, then per round one run with webhooks and one without. */
  private Map<String, Object> runs(Vertx vertx, int rounds) throws Exception {
    try (Viewers viewer = Viewers.open(vertx, pdm, 1)) {
      viewer.listen(this::liveMessage);
      System.out.printf(Locale.ROOT, "warm-up run: %s%n", run(true));
      Map<String, List<Map<String, Object>>> byMode = new LinkedHashMap<>();
      for (int round = 1; round <= rounds; round++) {
        for (boolean webhooks : List.of(true, false)) {
          Map<String, Object> measured = run(webhooks);
          System.out.printf(Locale.ROOT, "run, webhooks %s, round %d: %s%n", webhooks ? "on" : "off", round, measured);
          byMode.computeIfAbsent(webhooks ? "webhooks" : "polling_only", k -> new ArrayList<>()).add(measured);
        }
      }
      Map<String, Object> result = new LinkedHashMap<>();
      byMode.forEach((mode, measured) -> {
        Map<String, Object> summary = summary(measured);
        long[] delays = measured.stream().flatMap(m -> ((Map<?, ?>) m.get("delays_ms")).values().stream())
            .mapToLong(d -> Math.round(((Number) d).doubleValue() * 1e6)).toArray();
        Latencies latencies = Latencies.of(delays, delays.length);
        summary.put("delay_p50_ms", Latencies.round(latencies.p50()));
        summary.put("delay_max_ms", Latencies.round(latencies.max()));
        summary.put("delay_samples", delays.length);
        result.put(mode, summary);
      });
      return result;
    }
  }

  /** One run of the scenario, freshly loaded, with pdm's webhooks registered or not; its traffic and delays. */
  private Map<String, Object> run(boolean webhooks) throws Exception {
    pdm.toGitLab("POST", "/-/sandbox/scenario", JSON.writeValueAsString(Map.of("scenario", scenario)));
    registerHooks(webhooks);
    watch.clear();
    knownAt.clear();
    resetTraffic();
    long from = System.nanoTime();
    String runId = JSON.readTree(pdm.post("/api/v1/runs", "")).path("id").asText();
    followedRun = runId;
    String status = awaitEnd(runId);
    Map<String, Object> measured = traffic(System.nanoTime() - from);
    Map<String, Long> finished = watch.finished();
    Map<String, Double> delays = new java.util.TreeMap<>();
    knownAt.forEach((what, known) -> {
      Long at = finished.get(what);
      if (at != null) {
        delays.put(what, Latencies.round((known - at) / 1e6));
      }
    });
    measured.put("run_id", runId);
    measured.put("status", status);
    measured.put("finished_in_gitlab", finished.size());
    measured.put("finish_events_at_live_client", knownAt.size());
    measured.put("delays_ms", delays);
    return measured;
  }

  /**
   * A live message: a {@code JobStatusChanged} or {@code PipelineStatusChanged} of the followed run to a finished
   * status is when pdm knew.
   */
  private void liveMessage(String text) {
    long at = System.nanoTime();
    boolean job = text.contains("\"JobStatusChanged\"");
    if (!job && !text.contains("\"PipelineStatusChanged\"")) {
      return;
    }
    try {
      JsonNode message = JSON.readTree(text);
      JsonNode event = message.path("payload").path("event");
      if (followedRun.equals(message.path("run_id").asText())
          && FINISHED.contains(event.path("status").asText().toLowerCase(Locale.ROOT))) {
        knownAt.putIfAbsent(job ? "job " + event.path("job_id").asLong() : "pipeline "
            + event.path("pipeline_id").asLong(), at);
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("pdm sent a live message that is not JSON: " + text, e);
    }
  }

  /**
   * The benchmark's own job hook on every project (the watch), and with {@code forPdm} pdm's hooks as its sandbox mode
   * registers them as a GitLab admin would: pipeline, job and deployment events where its pipelines run, deployment
   * events on the canonical project, issue events on the production project.
   */
  private void registerHooks(boolean forPdm) throws Exception {
    for (JsonNode project : JSON.readTree(pdm.getGitLab("/-/sandbox/state")).path("projects")) {
      String path = "/api/v4/projects/" + URLEncoder.encode(project.path("path").asText(), StandardCharsets.UTF_8)
          + "/hooks";
      pdm.toGitLab("POST", path, JSON.writeValueAsString(Map.of("url", watch.url(), "job_events", true,
          "pipeline_events", true, "push_events", false)));
      Map<String, Object> hook = new LinkedHashMap<>(Map.of("url", pdm.url().replaceAll("/$", "") + "/hooks/gitlab",
          "token", PdmUnderBench.WEBHOOK_SECRET, "push_events", false));
      switch (project.path("role").asText()) {
        case "deployer", "qa" -> hook.putAll(Map.of("pipeline_events", true, "job_events", true,
            "deployment_events", true));
        case "canonical" -> hook.put("deployment_events", true);
        case "production" -> hook.putAll(Map.of("issues_events", true, "confidential_issues_events", true));
        default -> hook.clear();
      }
      if (forPdm && !hook.isEmpty()) {
        pdm.toGitLab("POST", path, JSON.writeValueAsString(hook));
      }
    }
  }

  private String awaitEnd(String runId) throws Exception {
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    String status = "";
    while (System.nanoTime() < deadline) {
      status = JSON.readTree(pdm.get("/api/v1/runs/" + runId)).path("status").asText();
      if (RUN_OVER.contains(status)) {
        return status;
      }
      Thread.sleep(200);
    }
    return "still " + status + " after " + RUN_TIMEOUT;
  }

  private void resetTraffic() throws Exception {
    pdm.toGitLab("DELETE", "/-/sandbox/traffic", "");
  }

  /** The GitLab requests counted since the last reset, over {@code nanos}, and per minute. */
  private Map<String, Object> traffic(long nanos) throws Exception {
    JsonNode traffic = JSON.readTree(pdm.getGitLab("/-/sandbox/traffic"));
    double minutes = nanos / 60e9;
    Map<String, Object> measured = new LinkedHashMap<>();
    measured.put("seconds", Latencies.round(nanos / 1e9));
    measured.put("requests", traffic.path("requests").asLong());
    measured.put("job_log_requests", traffic.path("trace_requests").asLong());
    measured.put("job_log_bytes", traffic.path("trace_bytes").asLong());
    measured.put("per_minute", Latencies.round(traffic.path("requests").asLong() / minutes));
    measured.put("job_log_per_minute", Latencies.round(traffic.path("trace_requests").asLong() / minutes));
    return measured;
  }

  /** The median calls per minute over the rounds, their spread, and the rounds. */
  private static Map<String, Object> summary(List<Map<String, Object>> rounds) {
    List<Double> perMinute = rounds.stream().map(r -> ((Number) r.get("per_minute")).doubleValue()).toList();
    List<Double> logs = rounds.stream().map(r -> ((Number) r.get("job_log_per_minute")).doubleValue()).toList();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("per_minute", Latencies.round(Latencies.median(perMinute)));
    summary.put("per_minute_spread", List.of(perMinute.stream().mapToDouble(d -> d).min().orElse(Double.NaN),
        perMinute.stream().mapToDouble(d -> d).max().orElse(Double.NaN)));
    summary.put("job_log_per_minute", Latencies.round(Latencies.median(logs)));
    summary.put("requests", Latencies.median(rounds.stream().map(r -> ((Number) r.get("requests")).doubleValue())
        .toList()));
    summary.put("rounds", rounds);
    return summary;
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
    }
  }

  private static String table(Map<String, Object> report, int viewers) {
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "pdm's idle interval %s s (production"
            + " default 60 s), active interval 5 s; idle windows of %s s; scenario %s at speed %s. One idle refresh"
            + " of the overview costs %s GitLab calls (so, idle, that many calls a minute at the default interval).%n%n",
        report.get("idle_interval_seconds"), report.get("window_seconds"), report.get("scenario"),
        report.get("speed"), report.get("idle_requests_per_refresh")));
    table.append("| mode | GitLab calls/min (spread) | above idle | of which job-log reads/min | calls per window or run |"
        + " finished in GitLab → pdm's event p50 | max | samples |\n|---|---|---|---|---|---|---|---|\n");
    row(table, "idle, 1 viewer", (Map<?, ?>) report.get("idle_1_viewer"));
    row(table, "idle, " + viewers + " viewers", (Map<?, ?>) report.get("idle_" + viewers + "_viewers"));
    Map<?, ?> runs = (Map<?, ?>) report.get("during_run");
    row(table, "run, webhooks on", (Map<?, ?>) runs.get("webhooks"));
    row(table, "run, webhooks off (polling)", (Map<?, ?>) runs.get("polling_only"));
    table.append(String.format(Locale.ROOT, "%nIdle GitLab requests in each window, 1 viewer: %s; %d viewers: %s;"
            + " equal: %s%n", ((Map<?, ?>) report.get("idle_1_viewer")).get("requests_in_each_window"), viewers,
        ((Map<?, ?>) report.get("idle_" + viewers + "_viewers")).get("requests_in_each_window"),
        Boolean.TRUE.equals(report.get("idle_equal")) ? "yes" : "NO"));
    return table.toString();
  }

  private static void row(StringBuilder table, String mode, Map<?, ?> summary) {
    List<?> spread = (List<?>) summary.get("per_minute_spread");
    table.append(String.format(Locale.ROOT, "| %s | %s (%s–%s) | %s | %s | %s | %s | %s | %s |%n", mode,
        summary.get("per_minute"), spread.get(0), spread.get(1),
        summary.containsKey("above_idle_per_minute") ? summary.get("above_idle_per_minute") : "—",
        summary.get("job_log_per_minute"), summary.get("requests"),
        summary.containsKey("delay_p50_ms") ? summary.get("delay_p50_ms") + " ms" : "—",
        summary.containsKey("delay_max_ms") ? summary.get("delay_max_ms") + " ms" : "—",
        summary.containsKey("delay_samples") ? summary.get("delay_samples") : "—"));
  }
}
