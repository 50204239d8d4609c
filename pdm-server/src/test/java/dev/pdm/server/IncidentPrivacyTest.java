package dev.pdm.server;

import static dev.pdm.server.testing.HttpProbe.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.sandbox.SandboxOptions;
import dev.pdm.sandbox.SandboxSnapshots.IssueSnapshot;
import dev.pdm.server.testing.SandboxedPdm;
import dev.pdm.server.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A migration failing on production data: the incident pdm opens is confidential and, like the chat, carries the
 * constraint but not the row's values; the run in pdm keeps the whole error for operators.
 */
class IncidentPrivacyTest {
  private static final String ROW_DATA = "ceo@example.com";
  private static final String PRODUCTION = "gitlab-com/gl-infra/production";
  private final Vertx vertx = Vertx.vertx();
  private SandboxedPdm pdm;

  @TempDir
  Path dir;

  @AfterEach
  void stop() {
    if (pdm != null) {
      await(pdm.close());
    }
    await(vertx.close());
  }

  @Test
  void theIncidentIsConfidentialAndNothingOutsidePdmCarriesTheRowData() throws Exception {
    Path scenario = dir.resolve("unique-violation.yaml");
    Files.writeString(scenario, """
        name: unique-violation
        base: happy
        description: The second migration fails on gstg on a duplicated e-mail address.
        faults:
          migrations:
            - environment: gstg
              version: "20241106150244"
              error_class: "PG::UniqueViolation"
              message: "ERROR:  could not create unique index \\"index_users_on_email\\"\\nDETAIL:  Key (email)=(%s) is duplicated."
        """.formatted(ROW_DATA));
    pdm = await(SandboxedPdm.start(vertx, SandboxOptions.defaults().withScenario(scenario.toString())
        .withSpeed(SandboxedPdm.SPEED), Optional.empty(), TestDatabase.fresh()));

    String runId = await(pdm.post("/api/v1/runs", new JsonObject())).bodyAsJsonObject().getString("id");
    JsonObject triage = awaitIncident(runId);

    IssueSnapshot incident = pdm.gitLab().issues(PRODUCTION).stream()
        .filter(i -> "incident".equals(i.issueType()) && i.description().contains("20241106150244"))
        .findFirst().orElseThrow();
    assertThat(incident.confidential()).isTrue();
    assertThat(incident.description()).contains("index_users_on_email", "Key (email)=([redacted])")
        .doesNotContain(ROW_DATA);
    String triaged = awaitChat("TRIAGED");
    assertThat(triaged).contains("Key (email)=([redacted])");
    assertThat(pdm.gitLab().chatMessages())
        .allSatisfy(message -> assertThat(message.payload().encode()).doesNotContain(ROW_DATA));
    assertThat(triage.getJsonObject("report").getJsonObject("failed").getString("error_message"))
        .as("what operators read in pdm").contains(ROW_DATA);
  }

  /** The whole payload of the first chat message whose text contains {@code word}. */
  private String awaitChat(String word) throws InterruptedException {
    long deadline = System.nanoTime() + 90_000_000_000L;
    while (System.nanoTime() < deadline) {
      Optional<String> found = pdm.gitLab().chatMessages().stream().filter(m -> m.text().contains(word))
          .map(m -> m.payload().encode()).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no chat message with " + word + " after 90 s");
  }

  /** The run's triage of migrate-gstg once its incident is open. */
  private JsonObject awaitIncident(String runId) throws InterruptedException {
    long deadline = System.nanoTime() + 90_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonObject run = await(pdm.get("/api/v1/runs/" + runId)).bodyAsJsonObject();
      JsonObject triage = run.getJsonObject("state").getJsonObject("triage", new JsonObject())
          .getJsonObject("migrate-gstg");
      if (triage != null && triage.getString("incident_url") != null) {
        return triage;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no incident for run " + runId + " after 90 s");
  }
}
