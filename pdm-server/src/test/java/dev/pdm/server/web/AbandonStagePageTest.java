package dev.pdm.server.web;

import static dev.pdm.server.web.Awaiting.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import dev.pdm.server.testing.SandboxedPdm;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A person gives up a failed staging migration from the page: with a reason, confirmed, recorded, the run failed. */
class AbandonStagePageTest extends BrowserTest {
  private static SandboxedPdm pdm;
  private static String runId;

  @BeforeAll
  static void runTheFailingScenarioUntilItWaitsForADecision() {
    pdm = startPdm("staging-migration-fails");
    runId = newRun(pdm);
    assertThat(await(pdm.settled(runId)).getString("status")).isEqualTo("waiting_for_decision");
  }

  @Test
  void abandoningTheFailedStageEndsTheRunFailedAndTheAuditSaysWhoAndWhy() {
    PdmWebPage web = PdmWebPage.openSignedIn(context, pdm);
    web.page.waitForSelector("section.triage");

    Locator confirmation = web.submitDecision("abandon", Map.of("reason",
        "the table is fixed in the next package; this one is not migrated"));
    assertThat(web.page.locator("details[data-box=abandon]").innerText()).contains("is not canceled");
    assertThat(confirmation.innerText()).contains("Abandon Migrate gstg", "end the run failed");
    confirmation.locator("[data-confirm=yes]").click();

    web.page.waitForSelector(".run-status.s-failed");
    web.waitForStage("migrate-gstg", "ABANDONED");
    assertThat(web.stage("migrate-gstg").innerText()).contains("abandoned", "Abandoned by sandbox-operator",
        "the table is fixed in the next package");
    web.page.navigate("http://127.0.0.1:" + pdm.port() + "/#/runs/" + runId);
    assertThat(web.page.locator("ul.audit").innerText())
        .contains("sandbox-operator abandon stage — “the table is fixed in the next package; this one is not"
            + " migrated”");
    assertThat(web.page.locator("ol.timeline").innerText()).contains("migrate-gstg: abandoned by sandbox-operator");
    JsonObject run = await(pdm.get("/api/v1/runs/" + runId)).bodyAsJsonObject();
    assertThat(run.getString("status")).isEqualTo("failed");
    assertThat(SandboxedPdm.stage(run, "migrate-gstg").getString("status")).isEqualTo("ABANDONED");
    assertThat(SandboxedPdm.stage(run, "qa-gstg").getString("status")).isEqualTo("SKIPPED");
    web.screenshot("abandoned.png");
    assertThat(web.consoleErrors).isEmpty();
  }
}
