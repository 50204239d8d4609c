package dev.pdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Given {@code pdm execute --yes --watch} in the sandbox's happy scenario: the run and what pdm says about it. */
class HappyRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static ExecutedRun given;
  private static SandboxServer server;
  private static CliRun execution;
  private static String runId;

  @BeforeAll
  static void executeAndWatchARun() throws Exception {
    given = ExecutedRun.in("happy");
    server = given.server();
    execution = given.execution();
    runId = given.runId();
  }

  @AfterAll
  static void stopServer() throws Exception {
    given.close();
  }

  @Test
  void executeWithWatchExits0WhenTheRunSucceeds() {
    assertThat(execution.exitCode()).as(execution.err()).isZero();
    assertThat(execution.err()).isEmpty();
  }

  @Test
  void watchingOffATerminalPrintsOneLinePerChange() {
    assertThat(execution.out()).contains("migrate-gstg RUNNING").contains("migrate-gstg SUCCEEDED after ")
        .contains("qa-gstg SUCCEEDED after ").contains("migrate-gprd SUCCEEDED after ").contains("run SUCCEEDED")
        .contains(" » RUN_STARTED").doesNotContain("\u001b[");
  }

  @Test
  void watchingEndsWithTheRunsStagesAndDurations() {
    // durations are on pdm's clock, which in sandbox mode is the sandbox's: at speed 60 a real second is a minute
    assertThat(execution.out()).containsPattern("Run " + runId + ": succeeded")
        .containsPattern("migrate-gprd +SUCCEEDED +(\\d+\\.\\ds|\\d+m\\d\\ds|\\d+h\\d\\dm) +#1 +http");
  }

  @Test
  void runsListsTheRun() {
    CliRun run = server.pdm("runs", "--status", "succeeded");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).containsPattern(runId + " +succeeded +sandbox-operator +\\d{4}-\\d\\d-\\d\\d .* ago\\)");
  }

  @Test
  void runsAsJsonIsTheApisAnswer() throws IOException {
    JsonNode json = JSON.readTree(server.pdm("runs", "--json").out());

    assertThat(json.get("runs")).extracting(run -> run.get("id").asText()).containsExactly(runId);
  }

  @Test
  void runShowsStagesAuditAndEvents() {
    CliRun run = server.pdm("run", runId);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Run " + runId + ": succeeded").contains("requested by sandbox-operator")
        .contains("Audit").contains("execute").contains("Events").contains("RunRequested")
        .containsPattern("PipelineTriggered +migrate-gstg").doesNotContain("Triage of");
  }

  @Test
  void runAsJsonHasTheRunAndItsEvents() throws IOException {
    JsonNode json = JSON.readTree(server.pdm("run", runId, "--json").out());

    assertThat(json.get("run").get("status").asText()).isEqualTo("succeeded");
    assertThat(json.get("events").get(0).get("type").asText()).isEqualTo("RunRequested");
  }

  @Test
  void watchingAFinishedRunReplaysItAndExits0() {
    CliRun run = server.pdm("watch", runId);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("migrate-gprd SUCCEEDED after ").contains("Run " + runId + ": succeeded");
  }

  @Test
  void watchWithoutARunFollowsTheNewest() {
    assertThat(server.pdm("watch").out()).contains("Run " + runId + ": succeeded");
  }

  @Test
  void watchAsJsonPrintsEachEventAsOneLine() throws IOException {
    CliRun run = server.pdm("watch", runId, "--json");

    String[] lines = run.out().split("\n");
    assertThat(JSON.readTree(lines[0]).get("event").asText()).isEqualTo("RunRequested");
    assertThat(JSON.readTree(lines[lines.length - 1]).get("seq").asInt()).isEqualTo(lines.length);
  }

  @Test
  void watchReconnectsAfterADropWithoutLosingOrRepeatingEvents() throws Exception {
    // the first WebSocket is cut after 20 kB of its replay; the REST reads pass whole
    try (DroppingProxy proxy = DroppingProxy.start(server.port(), 20_000)) {
      CliRun run = CliRun.pdm(Map.of("PDM_TOKEN", server.operatorToken()), false, "", "--server",
          "http://127.0.0.1:" + proxy.port(), "watch", runId, "--json");

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(proxy.droppedConnections()).isPositive();
      assertThat(run.out().lines().map(line -> readSeq(line))).containsExactlyElementsOf(
          java.util.stream.IntStream.rangeClosed(1, (int) run.out().lines().count()).boxed().toList());
    }
  }

  @Test
  void cancelOfAFinishedRunPassesOnTheServersRefusal() {
    CliRun run = server.pdm("cancel", runId, "--reason", "too late");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("pdm: the pdm server refused (").doesNotContain("\tat ");
  }

  @Test
  void retryNeedsAReason() {
    CliRun run = server.pdm("retry", runId, "--stage", "migrate-gstg");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required option: '--reason=TEXT'");
  }

  private static int readSeq(String line) {
    try {
      return JSON.readTree(line).get("seq").asInt();
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
