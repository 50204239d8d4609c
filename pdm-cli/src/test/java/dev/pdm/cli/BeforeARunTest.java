package dev.pdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands a release manager uses before a run, against a real pdm server in the sandbox's happy scenario. */
class BeforeARunTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static SandboxServer server;

  @TempDir
  Path temp;

  @BeforeAll
  static void startServer() throws Exception {
    server = SandboxServer.start("happy");
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Test
  void overviewShowsEachEnvironmentsPackagesPendingMigrationsAndChecks() {
    CliRun run = server.pdm("overview");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Plan: migrate-gstg → qa-gstg → migrate-gprd").contains("Active run: none")
        .contains("gstg  (db environment db/gstg)").contains("gprd  (db environment db/gprd)")
        .contains("17-6-auto-deploy-2024110808").contains("pending migrations: 4")
        .contains("20241106150244  CreateCiJobTokenAuthorizationsArchive")
        .contains("checks: PASS may proceed").contains("active-incidents").doesNotContain("\u001b[");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void overviewAsJsonIsTheApisAnswer() throws IOException {
    JsonNode json = JSON.readTree(server.pdm("overview", "--json").out());

    assertThat(json.get("plan")).hasSize(3);
    assertThat(json.get("environments")).extracting(env -> env.get("name").asText()).containsExactly("gstg", "gprd");
  }

  @Test
  void pendingListsTheMigrationsWithTheirMergeRequestsAndAuthors() {
    CliRun run = server.pdm("pending", "--env", "gstg");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("gstg").doesNotContain("gprd").contains("pending migrations: 4")
        .contains("!171204 Create ci_job_token_authorizations_archive table").contains("@bruno-costa");
  }

  @Test
  void pendingAsJsonIsTheApisAnswer() throws IOException {
    JsonNode json = JSON.readTree(server.pdm("--json", "pending").out());

    assertThat(json.get("environments")).extracting(env -> env.get("pending").get("migrations").size())
        .containsExactly(4, 4);
  }

  @Test
  void checksShowsEveryVerdictWithItsReasons() {
    CliRun run = server.pdm("checks", "--env", "gprd");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("gprd").contains("running-deployments  PASS")
        .contains("No deployment is running on gprd.");
  }

  @Test
  void checksAsJsonIsTheApisAnswer() throws IOException {
    JsonNode json = JSON.readTree(server.pdm("checks", "--json").out());

    assertThat(json.get("environments").get(0).get("checks").get("may_proceed").asBoolean()).isTrue();
  }

  @Test
  void executedSaysPerEnvironmentWhatEachSourceSays() {
    CliRun run = server.pdm("executed", "--mr", "171204");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("gstg").contains("gprd").contains("deployments").contains("labels")
        .contains("runs").contains("NO");
  }

  @Test
  void executedAsJsonIsTheApisAnswer() throws IOException {
    JsonNode json = JSON.readTree(server.pdm("executed", "--json", "--sha",
        "c3cbb6081b701e99db36793db4a60a7601a305fb").out());

    assertThat(json.get("environments")).hasSize(2);
    assertThat(json.get("environments").get(0).get("sources")).isNotEmpty();
  }

  @Test
  void executedNeedsEitherAShaOrAMergeRequest() {
    CliRun run = server.pdm("executed");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required argument").contains("--sha=SHA").contains("--mr=IID");
  }

  @Test
  void runsSaysThereAreNoneYet() {
    CliRun run = server.pdm("runs");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("No runs.\n");
  }

  @Test
  void runsAsJsonIsTheApisAnswer() throws IOException {
    assertThat(JSON.readTree(server.pdm("runs", "--json", "--status", "failed", "--limit", "5").out())
        .get("runs")).isEmpty();
  }

  @Test
  void executeWillNotAskWhenStdinIsNotATerminal() {
    CliRun run = server.pdm("execute");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo(
        "pdm: not asking for confirmation: stdin is not a terminal; pass --yes to start the run");
    assertThat(server.pdm("runs").out()).isEqualTo("No runs.\n");
  }

  @Test
  void executeShowsWhatWillRunAndStartsNothingUnlessTheAnswerIsYes() {
    CliRun run = server.pdmOnTerminal("n\n", "execute");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("pending migrations: 4").contains("CreateCiJobTokenAuthorizationsArchive")
        .contains("Start a run of migrate-gstg → qa-gstg → migrate-gprd? [y/N]");
    assertThat(run.err()).contains("not started");
    assertThat(server.pdm("runs").out()).isEqualTo("No runs.\n");
  }

  @Test
  void aViewersTokenCannotStartARun() {
    CliRun run = CliRun.pdm(Map.of("PDM_SERVER", server.url()), false, "", "--token",
        SandboxServer.VIEWER_TOKEN, "execute", "--yes");

    assertThat(run.exitCode()).isEqualTo(5);
    assertThat(run.err().strip()).isEqualTo("pdm: this needs a token with the operator role (403): this needs an"
        + " operator token; cli-test-viewer is a viewer");
  }

  @Test
  void anUnknownTokenIsRefusedWithoutBeingPrinted() {
    CliRun run = CliRun.pdm(Map.of("PDM_SERVER", server.url(), "PDM_TOKEN", "not-a-pdm-token"), false, "",
        "overview");

    assertThat(run.exitCode()).isEqualTo(5);
    assertThat(run.err()).startsWith("pdm: the pdm server at " + server.url() + " needs an API token (401): the"
        + " token given is not one of its API tokens").doesNotContain("not-a-pdm-token").doesNotContain("\tat ");
  }

  @Test
  void saysWhichTokenIsMissing() {
    CliRun run = CliRun.pdm(Map.of("PDM_SERVER", server.url()), false, "", "pending");

    assertThat(run.exitCode()).isEqualTo(5);
    assertThat(run.err()).contains("no token given: set --token, PDM_TOKEN or token= in the config file");
  }

  @Test
  void readsTheServerAndTokenFromTheConfigFile() throws IOException {
    Files.createDirectories(temp.resolve("pdm"));
    Files.writeString(temp.resolve("pdm/config"), "server=" + server.url() + "\ntoken=" + server.operatorToken()
        + "\n");
    Files.setPosixFilePermissions(temp.resolve("pdm/config"), PosixFilePermissions.fromString("rw-------"));

    CliRun run = CliRun.pdm(Map.of("XDG_CONFIG_HOME", temp.toString()), false, "", "runs");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("No runs.\n");
  }

  @Test
  void passesOnTheServersMessageForARequestItRefuses() {
    CliRun run = server.pdm("run", "00000000-0000-0000-0000-000000000000");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("pdm: the pdm server refused (404): ").doesNotContain("\tat ");
  }

  @Test
  void namesTheUrlAndTheCauseWhenTheServerCannotBeReached() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort;

    CliRun run = CliRun.pdm(Map.of("PDM_TOKEN", "t"), false, "", "--server", url, "overview");

    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.err()).isEqualTo("pdm: cannot reach the pdm server at " + url + ": connection refused\n");
  }

  @Test
  void printsTheCauseOfAnUnreachableServerWithDebug() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    CliRun run = CliRun.pdm(Map.of(), false, "", "--debug", "--server", "http://127.0.0.1:" + closedPort, "runs");

    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.err()).contains("java.net.ConnectException").contains("\tat ");
  }

  @Test
  void asksForTheServerWhenNoneIsGiven() {
    CliRun run = CliRun.pdm(Map.of(), false, "", "overview");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("pdm: no pdm server given: use --server URL, set PDM_SERVER, or put server=URL"
        + " in /nonexistent-pdm-test-config/pdm/config");
  }

  @Test
  void rejectsAServerThatIsNotAnHttpUrl() {
    CliRun run = CliRun.pdm(Map.of(), false, "", "--server", "pdm.example.com", "overview");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("pdm: --server: expected an http(s) URL such as https://pdm.example.com"
        + " (got pdm.example.com)");
  }
}
