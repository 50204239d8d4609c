package dev.pdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Given a staging migration that failed in the staging-migration-fails scenario and whose incident pdm follows: the
 * release manager goes through the runbook from the terminal (in order, as they would: look, decide, plan, hand over).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IncidentWorkflowCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static ExecutedRun given;
  private static SandboxServer server;
  private static String runId;

  @BeforeAll
  static void failAStagingMigrationAndWaitForItsIncidentWorkflow() throws Exception {
    given = ExecutedRun.in("staging-migration-fails");
    server = given.server();
    runId = given.runId();
    for (int i = 0; i < 600 && workflow().isMissingNode(); i++) {
      Thread.sleep(100);
    }
    assertThat(workflow().isMissingNode()).as("the incident workflow started").isFalse();
  }

  @AfterAll
  static void stopServer() throws Exception {
    given.close();
  }

  private static JsonNode workflow() throws Exception {
    return JSON.readTree(server.pdm("run", runId, "--json").out()).path("run").path("state").path("incidents")
        .path("migrate-gstg");
  }

  @Test
  @Order(1)
  void runShowsTheIncidentWorkflowWithItsOpenItemsFirst() {
    CliRun run = server.pdm("run", runId);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Incident workflow of migrate-gstg").containsPattern("blocks deployments: +not"
        + " decided").contains("Open items:\n  - Decide whether the failure blocks deployments\n  - Agree a mitigation"
        + " plan: it is a schema change (DDL)").contains("pdm follows incident #");
  }

  @Test
  @Order(2)
  void blockNeedsAReason() {
    CliRun run = server.pdm("block", runId, "--stage", "migrate-gstg");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required option: '--reason=TEXT'");
  }

  @Test
  @Order(3)
  void blockRecordsThatTheFailureBlocksDeployments() throws Exception {
    CliRun run = server.pdm("block", runId, "--stage", "migrate-gstg", "--reason", "gprd would fail the same way");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("Blocks deployments (migrate-gstg) recorded; run " + runId
        + " is now waiting_for_decision.\n");
    assertThat(workflow().path("block").path("blocks").asBoolean()).isTrue();
  }

  @Test
  @Order(4)
  void planRefusesAMergeRequestGitLabDoesNotHave() {
    CliRun run = server.pdm("plan", runId, "--stage", "migrate-gstg", "--kind", "noop-mr", "--merge-request", "!99999",
        "--reason", "r");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("merge_request: GitLab has no merge request !99999 in gitlab-org/gitlab");
  }

  @Test
  @Order(5)
  void planRecordsTheNoOpMergeRequestAndRunShowsWhatIsLeft() {
    CliRun plan = server.pdm("plan", runId, "--stage", "migrate-gstg", "--kind", "noop-mr", "--merge-request",
        "!171688", "--reason", "bruno-costa's MR makes it a no-op");
    CliRun run = server.pdm("run", runId);

    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(run.out()).containsPattern("plan: +noop-mr !171688 \\(opened\\)").contains("  - Merge !171688 (it is"
        + " opened)").contains("(noted on the incident)");
  }

  @Test
  @Order(6)
  void rerunIsRefusedUntilTheFixIsReady() {
    CliRun run = server.pdm("rerun", runId, "--stage", "migrate-gstg");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("no new run for migrate-gstg: the plan's fix is not ready: Merge !171688");
  }

  @Test
  @Order(7)
  void handoverPostsPdmsSummary() throws Exception {
    CliRun run = server.pdm("handover", runId, "--stage", "migrate-gstg", "--to", "emil-larsen");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(workflow().path("handovers").get(0).path("summary").asText()).contains("Plan: make the migration a"
        + " no-op — no-op merge request !171688 (opened)");
  }

  @Test
  @Order(8)
  void planRejectsAnUnknownKind() {
    CliRun run = server.pdm("plan", runId, "--stage", "migrate-gstg", "--kind", "rollback", "--reason", "r");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("expected noop-mr, mark-complete, retry or other (got rollback)");
  }
}
