package dev.pdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PdmCliTest {
  private static final String FAILURE_LOG = fixture("migrate-failure-duplicate-table.log");
  private static final String SUCCESS_LOG = fixture("migrate-success.log");

  @TempDir
  Path temp;

  @Test
  void printsTheFailedMigrationAndWhatMigratedAsJson() throws IOException {
    Run run = pdm("triage", "--log", FAILURE_LOG, "--json");

    assertThat(run.exitCode).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out);
    assertThat(json.get("failed").get("version").asText()).isEqualTo("20230701120000");
    assertThat(json.get("failed").get("name").asText()).isEqualTo("CreateSecurityPolicyRequirementsTable");
    assertThat(json.get("failed").get("file").asText())
        .isEqualTo("db/post_migrate/20230701120000_create_security_policy_requirements_table.rb");
    assertThat(json.get("failed").get("error_class").asText()).isEqualTo("PG::DuplicateTable");
    assertThat(json.get("failed").get("error_message").asText())
        .isEqualTo("ERROR:  relation \"security_policy_requirements\" already exists");
    assertThat(json.get("migrated")).hasSize(1);
    assertThat(json.get("migrated").get(0).get("version").asText()).isEqualTo("20230630101010");
    assertThat(json.get("migrated").get(0).get("name").asText()).isEqualTo("BackfillProjectSettingsHasVulnerabilities");
    assertThat(json.get("migrated").get(0).get("seconds").asDouble()).isEqualTo(1.2101);
    assertThat(run.err).isEmpty();
  }

  @Test
  void printsNullForTheFailureOfASuccessfulJob() throws IOException {
    Run run = pdm("--json", "triage", "--log", SUCCESS_LOG);

    JsonNode json = new ObjectMapper().readTree(run.out);
    assertThat(json.get("failed").isNull()).isTrue();
    assertThat(json.get("migrated")).extracting(node -> node.get("name").asText())
        .containsExactly("RemoveUsersLastActivityOnIndex", "AddTmpIndexOnNotesNoteableId");
  }

  @Test
  void derivesTheFileFromVersionAndClassWhenTheBacktraceDoesNotNameIt() throws IOException {
    Path log = temp.resolve("job.log");
    Files.writeString(log, """
        == 20240101000000 AddIndexOnCIBuilds: migrating ===============================
        rake aborted!
        PG::QueryCanceled: ERROR:  canceling statement due to statement timeout
        """);

    Run run = pdm("triage", "--json", "--log", log.toString());

    assertThat(new ObjectMapper().readTree(run.out).get("failed").get("file").asText())
        .isEqualTo("db/post_migrate/20240101000000_add_index_on_ci_builds.rb");
  }

  @Test
  void printsAReadableReport() {
    Run run = pdm("triage", "--log", FAILURE_LOG);

    assertThat(run.exitCode).isZero();
    assertThat(run.out).contains("Failed: 20230701120000 CreateSecurityPolicyRequirementsTable (main)")
        .contains("file:  db/post_migrate/20230701120000_create_security_policy_requirements_table.rb")
        .contains("error: PG::DuplicateTable: ERROR:  relation \"security_policy_requirements\" already exists")
        .contains("Migrated (1):")
        .contains("20230630101010 BackfillProjectSettingsHasVulnerabilities  1.2101s (main)")
        .contains("Job: failed")
        .doesNotContain("\u001b[");
  }

  @Test
  void saysWhenNothingFailed() {
    assertThat(pdm("triage", "--log", SUCCESS_LOG, "--no-color").out).contains("No failed migration.")
        .contains("Migrated (2):").contains("Job: succeeded");
  }

  @Test
  void exitsWith2AndNamesThePathAndCauseWhenTheLogCannotBeRead() {
    String missing = temp.resolve("missing.log").toString();

    Run run = pdm("triage", "--log", missing);

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err.strip()).isEqualTo("pdm: cannot read log file " + missing + ": no such file");
    assertThat(run.out).isEmpty();
  }

  @Test
  void printsTheStackTraceOnlyWithDebug() {
    Run run = pdm("--debug", "triage", "--log", temp.resolve("missing.log").toString());

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("java.nio.file.NoSuchFileException").contains("\tat ");
  }

  @Test
  void suggestsTheCommandMeantForAnUnknownOne() {
    Run run = pdm("triag", "--log", FAILURE_LOG);

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("Did you mean: pdm triage").doesNotContain("\tat ");
  }

  @Test
  void rejectsAnUnknownOptionWithExitCode2() {
    Run run = pdm("triage", "--log", FAILURE_LOG, "--jsn");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("Unknown option: '--jsn'").contains("Possible solutions: --json");
  }

  @Test
  void requiresALogOrAJob() {
    Run run = pdm("triage");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("Missing required argument").contains("--log=FILE").contains("--job=URL");
  }

  @Test
  void asksForACommandWhenGivenNone() {
    Run run = pdm();

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("Missing a command").contains("Usage: pdm");
  }

  @Test
  void offersHelpOnEveryCommand() {
    assertThat(pdm("triage", "--help").out).contains("Usage: pdm triage").contains("--log=FILE").contains("--json");
    assertThat(pdm("completion", "--help").out).contains("Usage: pdm completion");
    assertThat(pdm("--help").out).contains("--server=URL").contains("--token=TOKEN").contains("--no-color");
  }

  @Test
  void offersHelpOnEveryServerCommand() {
    for (String command : new String[] {"overview", "pending", "checks", "execute", "watch", "runs", "run", "retry",
        "cancel", "mitigate", "override-qa", "adopt", "trigger-again", "abandon", "executed"}) {
      Run run = pdm(command, "--help");

      assertThat(run.exitCode).as(command).isZero();
      assertThat(run.out).as(command).contains("Usage: pdm " + command).contains("--server=URL").contains("--json");
    }
  }

  @Test
  void printsItsVersion() {
    Run run = pdm("--version");

    assertThat(run.exitCode).isZero();
    assertThat(run.out).startsWith("pdm ");
  }

  @Test
  void printsABashCompletionScript() {
    Run run = pdm("completion");

    assertThat(run.exitCode).isZero();
    assertThat(run.out).contains("complete -F").contains("triage");
  }

  @Test
  void completesTheDecisionsOnARunAndTheirOptions() {
    Run run = pdm("completion");

    assertThat(run.out).contains("adopt").contains("trigger-again").contains("abandon").contains("override-qa")
        .contains("--pipeline");
  }

  @Test
  void neverPrintsTheToken() {
    Run run = pdm("--token", "glpat-secret-value", "triage", "--log", FAILURE_LOG, "--help");

    assertThat(run.out + run.err).doesNotContain("glpat-secret-value");
  }

  private static Run pdm(String... args) {
    CommandLine commandLine = PdmCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private static String fixture(String name) {
    return Path.of(System.getProperty("pdm.fixtures"), "traces", name).toString();
  }

  private record Run(int exitCode, String out, String err) {
  }
}
