package dev.pdm.server.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.auth.TokenHash;
import dev.pdm.core.triage.JobLogCursor;
import dev.pdm.server.testing.PdmHttp;
import dev.pdm.server.testing.ServerProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A migration job that logs 50 MB and then fails, followed live and triaged by pdm in a 64 MB heap (the 500 MB log of
 * the benchmark, scaled down): pdm is killed part-way through the log and restarts, yet the run's events carry every
 * line once (or count it) from the first byte to the last, and triage names the failing migration at the log's end.
 * Beforehand the same pdm followed a 5 MB log: the heap it keeps (in use after a full collection) part-way through the
 * 50 MB log and after it must not grow with the log, ten times bigger; the 64 MB heap bounds what it holds in between.
 * The simulated GitLab runs in its own process, so that only pdm's memory is measured.
 */
class BigJobLogIT {
  private static final Logger LOG = LoggerFactory.getLogger(BigJobLogIT.class);
  private static final String TOKEN = "big-log-operator";
  private static final Duration READY = Duration.ofSeconds(60);
  private static final String STAGE = "migrate-gstg";
  private static final Pattern FULL_GC = Pattern.compile("Pause Full \\(Diagnostic Command\\) (\\d+)M->(\\d+)M");
  private final PdmHttp http = new PdmHttp(TOKEN);

  @TempDir
  Path dir;

  @Test
  void followsAndTriagesA50MegabyteLogInA64MegabyteHeapAcrossARestartWithNoLineLostOrRepeated() throws Exception {
    try (ServerProcess gitLab = ServerProcess.startSandbox("--port", "0", "--scenario", "staging-migration-fails",
        "--speed", "20")) {
      String gitLabUrl = gitLab.awaitReady(READY);
      Path config = dir.resolve("pdm.yaml");
      Files.writeString(config, """
          gitlab: {url: %s, token: sandbox-token}
          polling: {active_interval_seconds: 1}
          orchestrator: {lease_seconds: 6}
          auth:
            tokens:
              - {name: release-manager, role: operator, hash: "%s"}
          """.formatted(gitLabUrl, TokenHash.create(TOKEN)));
      JsonObject migrationFault = sandboxFaults(gitLabUrl).getJsonArray("migrations").getJsonObject(0);

      logs(gitLabUrl, migrationFault, 5, 60);
      String big;
      long killedAt;
      long smallLogHeap;
      long midLogHeap;
      try (ServerProcess pdm = start(config, "gc-1.log")) {
        String url = pdm.awaitReady(READY);
        String small = new JsonObject(http.send(url, "POST", "/api/v1/runs")).getString("id");
        triaged(url, small);
        wholeLogRead(url, small);
        smallLogHeap = liveHeap(pdm, "gc-1.log");
        http.send(url, "POST", "/api/v1/runs/" + small + "/cancel", new JsonObject().put("reason", "the next one"));
        http.await(url, small, run -> !run.getBoolean("active"), "the first run closed");

        logs(gitLabUrl, migrationFault, 50, 400);
        big = new JsonObject(http.send(url, "POST", "/api/v1/runs")).getString("id");
        killedAt = readPast(url, big, 15L * 1024 * 1024);
        midLogHeap = liveHeap(pdm, "gc-1.log");
        pdm.kill();
      }
      JsonObject run;
      List<JsonObject> logEvents;
      long bigLogHeap;
      try (ServerProcess pdm = start(config, "gc-2.log")) {
        String url = pdm.awaitReady(READY);
        run = triaged(url, big);
        assertThat(pdm.alive()).as("pdm alive after the triage:\n" + pdm.output()).isTrue();
        logEvents = wholeLogRead(url, big);
        bigLogHeap = liveHeap(pdm, "gc-2.log");
      }

      long logBytes = logEvents.get(logEvents.size() - 1).getLong("to_offset");
      long[] logLines = linesOf(gitLabUrl, migrationJobOf(run));
      assertThat(logBytes).as("bytes of the migration job's log").isEqualTo(logLines[1]).isGreaterThan(50L << 20);
      assertThat(logEvents.get(0).getLong("from_offset")).isZero();
      for (int i = 1; i < logEvents.size(); i++) {
        assertThat(logEvents.get(i).getLong("from_offset")).as("JobLog %d starts where the one before ended", i)
            .isEqualTo(logEvents.get(i - 1).getLong("to_offset"));
      }
      assertThat(logEvents).filteredOn(e -> e.getLong("to_offset") <= killedAt).isNotEmpty();
      assertThat(logEvents.stream().mapToLong(e -> e.getJsonArray("lines").size() + e.getLong("skipped_lines")).sum())
          .as("lines shown or counted, against the log's lines").isEqualTo(logLines[0]);
      JsonObject triage = run.getJsonObject("state").getJsonObject("triage").getJsonObject(STAGE);
      assertThat(triage.getJsonObject("report").getJsonObject("failed").getString("version")).isEqualTo("20241106150244");
      assertThat(triage.getJsonObject("report").getJsonObject("failed").getString("error_class"))
          .isEqualTo("PG::DuplicateTable");

      LOG.info("live heap after a full GC: 5 MB log read {} MB; 50 MB log at 15 MB {} MB, read {} MB", smallLogHeap,
          midLogHeap, bigLogHeap);
      assertThat(Math.max(midLogHeap, bigLogHeap) - smallLogHeap).as("MB more live heap (after a full GC) part-way"
          + " through and after a log ten times bigger: 5 MB log read %d MB, 50 MB log at 15 MB %d MB, read %d MB",
          smallLogHeap, midLogHeap, bigLogHeap).isLessThan(8);
    }
  }

  private ServerProcess start(Path config, String gcLog) throws Exception {
    return ServerProcess.startWith(List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
            "-Xlog:gc:file=" + dir.resolve(gcLog)),
        "--config", config.toString(), "--port", "0", "--data-dir", dir.resolve("data").toString());
  }

  /** Arms the migration job's bulk output (and the scenario's migration failure again). */
  private void logs(String gitLabUrl, JsonObject migrationFault, int megabytes, int seconds) throws Exception {
    HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gitLabUrl + "/-/sandbox/faults")).DELETE().build(),
        HttpResponse.BodyHandlers.discarding());
    http.armFaults(gitLabUrl, new JsonObject().put("migrations", new JsonArray().add(migrationFault))
        .put("logs", new JsonArray().add(new JsonObject().put("environment", "gstg").put("megabytes", megabytes)
            .put("seconds", seconds))));
  }

  private static JsonObject sandboxFaults(String gitLabUrl) throws Exception {
    return new JsonObject(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(gitLabUrl + "/-/sandbox/faults")).build(), HttpResponse.BodyHandlers.ofString()).body());
  }

  /** Waits until the staging migration failed and its triage is on the run. */
  private JsonObject triaged(String url, String runId) throws Exception {
    return http.await(url, runId, run -> run.getJsonObject("state").getJsonObject("triage").containsKey(STAGE),
        "the staging migration failed and was triaged");
  }

  /** Waits until pdm stored reads of the run's log past {@code offset}; returns the offset stored. */
  private long readPast(String url, String runId, long offset) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      List<JsonObject> events = jobLogEvents(url, runId);
      long stored = events.isEmpty() ? 0 : events.get(events.size() - 1).getLong("to_offset");
      if (stored > offset) {
        return stored;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("pdm never read the log past " + offset);
  }

  /**
   * Waits until pdm stored the read that ended the job's log (it may follow the triage: the failure's triage reads the
   * log on its own); returns the run's JobLog payloads.
   */
  private List<JsonObject> wholeLogRead(String url, String runId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      List<JsonObject> events = jobLogEvents(url, runId);
      if (!events.isEmpty() && events.get(events.size() - 1).getBoolean("complete")) {
        return events;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("pdm never stored the end of the log");
  }

  private List<JsonObject> jobLogEvents(String url, String runId) throws Exception {
    List<JsonObject> events = new ArrayList<>();
    long since = 0;
    while (true) {
      JsonArray page = new JsonObject(http.send(url, "GET", "/api/v1/runs/" + runId + "/events?limit=1000&since="
          + since)).getJsonArray("events");
      if (page.isEmpty()) {
        return events;
      }
      for (int i = 0; i < page.size(); i++) {
        JsonObject event = page.getJsonObject(i);
        since = event.getLong("seq");
        if ("JobLog".equals(event.getString("type"))) {
          events.add(event.getJsonObject("payload"));
        }
      }
    }
  }

  private static long migrationJobOf(JsonObject run) {
    return PdmHttp.currentAttempt(run, STAGE).orElseThrow().getJsonObject("job").getLong("id");
  }

  /** The cleaned lines and the bytes of the job's log as GitLab has it, read as it streams. */
  private static long[] linesOf(String gitLabUrl, long jobId) throws Exception {
    // HTTP/1.1 as pdm's GitLab client speaks it: the JDK client would otherwise upgrade to h2c.
    HttpResponse<InputStream> trace = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(HttpRequest.newBuilder(URI.create(gitLabUrl + "/api/v4/projects/gitlab-com%2Fgl-infra%2Fdeployer/jobs/" + jobId + "/trace"))
        .header("PRIVATE-TOKEN", "sandbox-token").build(), HttpResponse.BodyHandlers.ofInputStream());
    JobLogCursor cursor = JobLogCursor.atStart();
    AtomicLong lines = new AtomicLong();
    long bytes = 0;
    try (InputStream in = trace.body()) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        cursor.feed(Arrays.copyOf(buffer, n), line -> lines.incrementAndGet());
        bytes += n;
      }
    }
    cursor.finish(line -> lines.incrementAndGet());
    return new long[] {lines.get(), bytes};
  }

  /** The heap pdm keeps, in MB: what is in use after a full collection, asked for now ({@code jcmd GC.run}). */
  private long liveHeap(ServerProcess pdm, String gcLog) throws Exception {
    int before = fullCollections(gcLog).size();
    Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(pdm.pid()), "GC.run").redirectErrorStream(true).start();
    jcmd.getInputStream().transferTo(OutputStream.nullOutputStream());
    assertThat(jcmd.waitFor()).as("jcmd GC.run").isZero();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (fullCollections(gcLog).size() == before && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    List<Long> after = fullCollections(gcLog);
    assertThat(after).as("a full collection logged in " + gcLog).hasSizeGreaterThan(before);
    return after.get(after.size() - 1);
  }

  /** The heap in use after each full collection logged so far, in MB. */
  private List<Long> fullCollections(String gcLog) throws Exception {
    List<Long> after = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve(gcLog))) {
      Matcher pause = FULL_GC.matcher(line);
      if (pause.find()) {
        after.add(Long.parseLong(pause.group(2)));
      }
    }
    return after;
  }
}
