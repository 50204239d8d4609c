package dev.pdm.server.web;

import static dev.pdm.server.web.Awaiting.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import dev.pdm.server.testing.SandboxedPdm;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A staging migration failed: the page says what failed, whose it is, who to call, and guards what comes next. */
class FailedRunPageTest extends BrowserTest {
  private static SandboxedPdm pdm;
  private PdmWebPage web;

  @BeforeAll
  static void runTheFailingScenarioUntilItWaitsForADecision() {
    pdm = startPdm("staging-migration-fails");
    String runId = await(pdm.post("/api/v1/runs", new JsonObject())).bodyAsJsonObject().getString("id");
    assertThat(await(pdm.settled(runId)).getString("status")).isEqualTo("waiting_for_decision");
  }

  @BeforeEach
  void openThePage() {
    web = PdmWebPage.openSignedIn(context, pdm);
    web.page.waitForSelector("section.triage");
  }

  @Test
  void showsTheTriageOfTheFailedMigration() {
    Locator triage = web.page.locator("section.triage");

    assertThat(triage.locator(".migration").innerText()).contains("CreateCiJobTokenAuthorizationsArchive");
    assertThat(triage.locator(".error-class").innerText()).isEqualTo("PG::DuplicateTable");
    assertThat(triage.locator("a.mr").innerText()).isEqualTo("!171204");
    assertThat(triage.locator(".author").innerText()).isEqualTo("@bruno-costa");
    assertThat(triage.locator(".approver").innerText()).isEqualTo("@dana-okafor");
    assertThat(triage.innerText()).contains("DDL",
        "db/post_migrate/20241106150244_create_ci_job_token_authorizations_archive.rb", "incident #",
        "Not retried automatically");
    web.waitForStage("migrate-gstg", "FAILED");
    assertThat(web.stage("qa-gstg").getAttribute("data-status")).isEqualTo("PENDING");
    web.screenshot("failed.png");
  }

  @Test
  void refusesToRetryWithoutAReasonAndSaysItWasNotRetriedAutomatically() {
    Locator retry = web.page.locator("form[data-action=retry]");

    retry.locator("button[type=submit]").click();

    assertThat(retry.locator(".form-message").innerText()).contains("Required");
    assertThat(web.page.locator("[data-action=retry]").locator("xpath=..").innerText())
        .contains("did not retry this stage automatically");
    JsonObject run = await(pdm.get("/api/v1/runs?limit=1")).bodyAsJsonObject().getJsonArray("runs").getJsonObject(0);
    assertThat(run.getJsonObject("state").getJsonObject("run").getJsonArray("stages").getJsonObject(0)
        .getJsonArray("attempts")).hasSize(1);
  }

  @Test
  void offersToRecordAMitigationAndToCancel() {
    assertThat(web.page.locator("form[data-action=mitigation] select[name=kind] option").allTextContents())
        .contains("migration made a no-op", "DML migration marked complete");
    assertThat(web.page.locator("form[data-action=cancel]").count()).isEqualTo(1);
  }
}
