package dev.pdm.server.web;

import static dev.pdm.server.web.Awaiting.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import dev.pdm.server.testing.SandboxedPdm;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A person decides to retry a failed migration from the page: with a reason, confirmed, and recorded. */
class RetryDecisionPageTest extends BrowserTest {
  private static SandboxedPdm pdm;
  private static String runId;

  @BeforeAll
  static void runTheFailingScenarioUntilItWaitsForADecision() {
    pdm = startPdm("staging-migration-fails");
    runId = await(pdm.post("/api/v1/runs", new JsonObject())).bodyAsJsonObject().getString("id");
    assertThat(await(pdm.settled(runId)).getString("status")).isEqualTo("waiting_for_decision");
  }

  @Test
  void retriesTheFailedStageWithTheReasonGivenAndRecordsWhoDecided() {
    PdmWebPage web = PdmWebPage.openSignedIn(context, pdm);
    Locator retry = web.page.locator("form[data-action=retry]");

    retry.locator("textarea[name=reason]").fill("archive table dropped by hand, see the incident");
    retry.locator("button[type=submit]").click();
    Locator confirmation = web.page.locator("dialog.confirm");
    assertThat(confirmation.innerText()).contains("Trigger a new migration pipeline for Migrate gstg",
        "archive table dropped by hand");
    confirmation.locator("[data-confirm=yes]").click();

    web.page.waitForSelector("ol.pipeline li[data-stage=migrate-gstg] .stage-links:has-text('attempt 2')");
    JsonArray audit = await(pdm.get("/api/v1/runs/" + runId)).bodyAsJsonObject().getJsonArray("audit");
    assertThat(audit.stream().map(JsonObject.class::cast))
        .anySatisfy(entry -> {
          assertThat(entry.getString("actor")).isEqualTo("sandbox-operator");
          assertThat(entry.getString("reason")).isEqualTo("archive table dropped by hand, see the incident");
        });
  }
}
