package dev.pdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Given {@code pdm execute --yes --watch} in the sandbox's staging-migration-fails scenario: the triage, then the
 * decisions a release manager records on the failed run (in order, as they would: mitigate, retry, cancel).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailedRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static ExecutedRun given;
  private static SandboxServer server;
  private static CliRun execution;
  private static String runId;

  @BeforeAll
  static void executeAndWatchARun() throws Exception {
    given = ExecutedRun.in("staging-migration-fails");
    server = given.server();
    execution = given.execution();
    runId = given.runId();
  }

  @AfterAll
  static void stopServer() throws Exception {
    given.close();
  }

  @Test
  @Order(1)
  void executeWithWatchExits1WhenTheStagingMigrationFails() {
    assertThat(execution.exitCode()).as(execution.out() + execution.err()).isEqualTo(1);
    assertThat(execution.out()).contains("migrate-gstg FAILED").contains("Run " + runId + ": waiting_for_decision");
  }

  @Test
  @Order(2)
  void executeWithWatchPrintsTheTriage() {
    assertThat(execution.out()).contains("Triage of migrate-gstg (attempt 1)")
        .containsPattern("failed migration: +20241106150244 CreateCiJobTokenAuthorizationsArchive")
        .containsPattern("error: +PG::DuplicateTable: ERROR:  relation \"ci_job_token_authorizations_archive\""
            + " already exists")
        .containsPattern("file: +db/post_migrate/20241106150244_create_ci_job_token_authorizations_archive.rb")
        .containsPattern("merge request: +!171204 Create ci_job_token_authorizations_archive table")
        .containsPattern("author: +@bruno-costa")
        .containsPattern("approved by: +@dana-okafor \\(database maintainer, approved the merge request\\)")
        .containsPattern("incident: +http");
  }

  @Test
  @Order(3)
  void runShowsTheTriageOfTheFailedStage() {
    CliRun run = server.pdm("run", runId);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Triage of migrate-gstg").contains("@dana-okafor")
        .contains("migrate-gstg: job gstg-postdeploy-migrations");
  }

  @Test
  @Order(4)
  void watchingTheFailedRunExits1AndPrintsTheTriage() {
    CliRun run = server.pdm("watch", runId);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("Triage of migrate-gstg").contains("CreateCiJobTokenAuthorizationsArchive");
  }

  @Test
  @Order(5)
  void triageOfTheFailedJobByItsUrlNamesTheMigrationAndThePeople() throws IOException {
    String jobUrl = JSON.readTree(server.pdm("run", runId, "--json").out()).at("/run/state/run/stages/0/attempts/0/job"
        + "/web_url").asText();

    CliRun run = server.pdm("triage", "--job", jobUrl);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("failed migration: +20241106150244 CreateCiJobTokenAuthorizationsArchive")
        .containsPattern("merge request: +!171204").containsPattern("author: +@bruno-costa")
        .containsPattern("approved by: +@dana-okafor");
  }

  @Test
  @Order(5)
  void triageOfAJobAsJsonIsTheApisAnswer() throws IOException {
    String jobUrl = JSON.readTree(server.pdm("run", runId, "--json").out()).at("/run/state/run/stages/0/attempts/0/job"
        + "/web_url").asText();

    JsonNode json = JSON.readTree(server.pdm("triage", "--json", "--job", jobUrl).out());

    assertThat(json.at("/report/approver/username").asText()).isEqualTo("dana-okafor");
    assertThat(json.at("/log/failed/class_name").asText()).isEqualTo("CreateCiJobTokenAuthorizationsArchive");
  }

  @Test
  @Order(5)
  void mitigateRecordsAMitigationOfTheFailedStage() {
    CliRun run = server.pdm("mitigate", runId, "--kind", "other", "--reason", "dropped the leftover table by hand",
        "--link", "https://gitlab.example.com/incident/3");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("Mitigation (other) of migrate-gstg recorded; run " + runId
        + " is now waiting_for_decision.\n");
  }

  @Test
  @Order(6)
  void mitigateRejectsAnUnknownKind() {
    CliRun run = server.pdm("mitigate", runId, "--kind", "rollback", "--reason", "r");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("expected noop, mark-complete or other (got rollback)");
  }

  @Test
  @Order(7)
  void retryRecordsThePersonsReasonAndRunsTheStageAgain() throws IOException {
    CliRun run = server.pdm("retry", runId, "--stage", "migrate-gstg", "--reason", "table dropped, safe to rerun",
        "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = JSON.readTree(run.out());
    assertThat(json.get("id").asText()).isEqualTo(runId);
    assertThat(json.get("status").asText()).isNotEqualTo("waiting_for_decision");
  }

  @Test
  @Order(8)
  void cancelledRunsMakeWatchExit3() {
    CliRun cancel = server.pdm("cancel", runId, "--reason", "release manager stops for today");
    CliRun watch = server.pdm("watch", runId);

    assertThat(cancel.exitCode()).as(cancel.err()).isZero();
    assertThat(cancel.out()).startsWith("Cancellation recorded; run " + runId + " is now ");
    assertThat(watch.exitCode()).as(watch.out() + watch.err()).isEqualTo(3);
    assertThat(watch.out()).contains("Run " + runId + ": canceled");
  }
}
