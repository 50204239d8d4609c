package dev.pdm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.sandbox.SandboxSnapshots.JobSnapshot;
import dev.pdm.sandbox.scenario.ScenarioFaults.LogFault;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Job logs as big as a verbose backfill makes them, and GitLab's answers to a part of a log: the range asked for, or
 * the whole log from a GitLab that ignores ranges.
 */
class JobLogFaultsTest {
  private static final String MIGRATION_JOB = "gstg-postdeploy-migrations";
  private RunningSandbox running;
  private Http api;

  @BeforeEach
  void start() {
    running = RunningSandbox.start("staging-migration-fails");
    api = running.api();
  }

  @AfterEach
  void stop() {
    running.close();
  }

  private long migrationJob(long pipeline) {
    return running.sandbox.pipeline(pipeline).orElseThrow().jobs().stream()
        .filter(j -> j.name().equals(MIGRATION_JOB)).mapToLong(JobSnapshot::id).max().orElseThrow();
  }

  @Test
  void aVerboseMigrationPrintsMegabytesOfBatchesOverTimeThenFailsAtTheEnd() {
    running.sandbox.faults().arm(LogFault.bulk("gstg", 3).over(30));
    long pipeline = running.migrate("gstg");
    long job = migrationJob(pipeline);
    long partWay = 0;
    for (int step = 0; step < 100 && partWay < 100_000; step++) {
      running.advance(Duration.ofSeconds(5));
      partWay = api.get("/projects/11437/jobs/" + job + "/trace").body().length();
    }

    running.runUntilIdle();
    String log = api.get("/projects/11437/jobs/" + job + "/trace").body();

    assertThat(partWay).as("the log part-way through the bulk").isBetween(100_000L, 3L * 1024 * 1024);
    assertThat(log.length()).isGreaterThan(3 * 1024 * 1024 - 200);
    assertThat(log).contains("main: -- execute(\"UPDATE \\\"ci_builds\\\" SET \\\"partition_id\\\" = 102 WHERE"
        + " \\\"id\\\" BETWEEN 000000000001 AND 000000001000\")\nmain:    -> 0.0010s\n");
    assertThat(log.indexOf("AddIndexCiPipelinesOnAutoCanceledById: migrating"))
        .as("the bulk comes in the job's first migration").isLessThan(log.indexOf("BETWEEN 000000000001"));
    assertThat(log.lastIndexOf("BETWEEN")).as("the failure is at the end")
        .isLessThan(log.indexOf("PG::DuplicateTable"));
    assertThat(running.sandbox.pipeline(pipeline).orElseThrow().status()).isEqualTo("failed");
  }

  @Test
  void answersARangeOfTheLogAsGitLabDoesAndTheWholeLogWhenRangesAreIgnoredCountingTheBytesOfEachAnswer() {
    long pipeline = running.migrate("gstg");
    running.runUntilIdle();
    long job = migrationJob(pipeline);
    String path = "/projects/11437/jobs/" + job + "/trace";
    String whole = api.get(path).body();
    int length = whole.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;

    HttpResponse<String> part = api.get(path, "Range", "bytes=100-");
    HttpResponse<String> past = api.get(path, "Range", "bytes=" + length + "-");
    running.sandbox.faults().arm(LogFault.rangeIgnored());
    HttpResponse<String> ignored = api.get(path, "Range", "bytes=100-");
    long traceRequests = running.sandbox.traffic().traceRequests();

    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.headers().firstValue("Content-Range")).contains("bytes 100-" + (length - 1) + "/" + length);
    assertThat(part.body()).isEqualTo(whole.substring(100));
    assertThat(past.statusCode()).isEqualTo(416);
    assertThat(past.headers().firstValue("Content-Range")).contains("bytes */" + length);
    assertThat(ignored.statusCode()).isEqualTo(200);
    assertThat(ignored.body()).isEqualTo(whole);
    assertThat(traceRequests).isEqualTo(4);
    assertThat(running.sandbox.traffic().traceBytes()).isEqualTo(2L * length + (length - 100));
    JsonNode traffic = running.root().json("/-/sandbox/traffic");
    assertThat(traffic.path("trace_requests").asLong()).isEqualTo(4);
    assertThat(traffic.path("trace_answers").findValuesAsText("status")).containsExactly("200", "206", "416", "200");
    assertThat(traffic.path("trace_answers").findValuesAsText("from"))
        .containsExactly("0", "100", Integer.toString(length), "0");
    assertThat(traffic.path("trace_answers").findValuesAsText("bytes")).containsExactly(Integer.toString(length),
        Integer.toString(length - 100), "0", Integer.toString(length));
    assertThat(traffic.path("trace_answers").findValuesAsText("job")).containsOnly(Long.toString(job));
  }

  @Test
  void showsHowLongEachJobLogIsInTheState() {
    long pipeline = running.migrate("gstg");
    running.runUntilIdle();
    long job = migrationJob(pipeline);
    int length = api.get("/projects/11437/jobs/" + job + "/trace").body()
        .getBytes(java.nio.charset.StandardCharsets.UTF_8).length;

    java.util.List<JsonNode> jobs = running.root().json("/-/sandbox/state").findValues("jobs").stream()
        .flatMap(list -> java.util.stream.StreamSupport.stream(list.spliterator(), false))
        .filter(j -> j.path("id").asLong() == job).toList();

    assertThat(jobs).singleElement().extracting(j -> j.path("trace_bytes").asLong()).isEqualTo((long) length);
  }
}
