package dev.pdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.cli.text.TerminalText;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI keeps its token to itself and keeps the server's (GitLab's) text from driving the terminal. */
class CliSafetyTest {
  /** A title that would set the window title, clear the screen and plant a hyperlink. */
  private static final String HOSTILE_TITLE = "DB down \u001b]0;owned\u0007\u001b[2J\u001b]8;;https://evil.example"
      + "\u001b\\click\u001b]8;;\u001b\\ \u009b31m now";
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
  void gitLabTextReachesTheTerminalWithoutItsEscapeSequences() throws Exception {
    HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            server.gitLabApiUrl() + "/projects/gitlab-com%2Fgl-infra%2Fproduction/issues"))
        .header("PRIVATE-TOKEN", server.operatorToken()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("title", HOSTILE_TITLE)
            .put("labels", "severity::2").put("issue_type", "incident").encode())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    // A fresh overview is one read in the last 5 s: ask until one read after the incident was opened comes back.
    CliRun run = server.pdm("overview", "--fresh");
    for (int tries = 0; !run.out().contains("DB down") && tries < 60; tries++) {
      Thread.sleep(1000);
      run = server.pdm("overview", "--fresh");
    }

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("DB down", "click", "now").doesNotContain("\u001b", "\u0007", "\u009b", "owned",
        "evil.example");
  }

  @Test
  void cleansEveryKindOfEscapeButKeepsLinesAndTabs() {
    assertThat(TerminalText.clean("a\u001b[1;31mred\u001b[0m\tb\nc\u001b]52;c;Y2xpcA==\u0007d\u001bPq#0\u001b\\e\u0000f"))
        .isEqualTo("ared\tb\ncdef");
  }

  @Test
  void theHelpDiscouragesATokenOnTheCommandLine() {
    CliRun run = CliRun.pdm(Map.of(), false, "", "--help");

    assertThat(run.out().replaceAll("\\s+", " ")).contains("Discouraged: on the command line it is visible to every"
        + " user of the machine (ps) and kept in shell history; set PDM_TOKEN or token= in the config file");
  }

  @Test
  void aConfigFileOthersCanReadIsRefused() throws Exception {
    Path config = Files.createDirectories(temp.resolve("pdm")).resolve("config");
    Files.writeString(config, "server=" + server.url() + "\ntoken=" + server.operatorToken() + "\n");
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));

    CliRun run = CliRun.pdm(Map.of("XDG_CONFIG_HOME", temp.toString()), false, "", "runs");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("can be read by others (mode rw-r--r--)", "chmod 600 " + config)
        .doesNotContain(server.operatorToken());
  }

  @Test
  void warnsWhenTheTokenWouldTravelOverPlainHttpToAnotherMachine() {
    CliRun remote = CliRun.pdm(Map.of("PDM_TOKEN", "t"), false, "", "--server", "http://pdm.example.invalid", "runs");
    CliRun local = CliRun.pdm(Map.of("PDM_TOKEN", server.operatorToken()), false, "", "--server", server.url(),
        "runs");
    CliRun tls = CliRun.pdm(Map.of("PDM_TOKEN", "t"), false, "", "--server", "https://pdm.example.invalid", "runs");

    assertThat(remote.err()).contains("pdm: warning: the API token goes to pdm.example.invalid over plain http://");
    assertThat(local.err()).doesNotContain("warning");
    assertThat(tls.err()).doesNotContain("warning");
  }
}
