package dev.pdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code pdm rollback-check}, against a real pdm server in the sandbox's rollback-unsafe scenario. */
class RollbackCheckCliTest {
  private static SandboxServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = SandboxServer.start("rollback-unsafe");
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Test
  void anUnsafeRollbackNamesTheMigrationsThatRanAndExitsOne() {
    CliRun run = server.pdm("rollback-check", "gprd", "17-6-auto-deploy-2024110412");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).startsWith("UNSAFE: rolling gprd back to 17-6-auto-deploy-2024110412")
        .contains("4 post-deploy migration(s) that ran there are not in its code")
        .contains("20241108120000  QueueBackfillIssueLinksNamespaceId")
        .contains("!171450")
        .contains("never block a rollback: 20241109080000 AddIndexNotesOnReviewId")
        .contains("17-6-auto-deploy-2024110914 (running now)")
        .contains("no (20241105093011, 20241106150244, 20241107101010, 20241108120000)");
  }

  @Test
  void aSafeRollbackExitsZero() {
    CliRun run = server.pdm("rollback-check", "gprd", "17-6-auto-deploy-2024110808");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("SAFE: rolling gprd back to 17-6-auto-deploy-2024110808");
  }

  @Test
  void asJsonIsTheApisAnswer() throws IOException {
    JsonNode json = new ObjectMapper().readTree(server.pdm("--json", "rollback-check", "gprd", "17-6-auto-deploy-2024110412").out());

    assertThat(json.path("target").path("safe").asBoolean()).isFalse();
    assertThat(json.path("recent")).hasSize(3);
  }

  @Test
  void anUnknownPackageIsTheServersRefusal() {
    CliRun run = server.pdm("rollback-check", "gprd", "yesterday");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("to: expected a package ref", "yesterday");
  }
}
