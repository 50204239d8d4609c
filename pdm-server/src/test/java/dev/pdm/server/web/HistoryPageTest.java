package dev.pdm.server.web;

import static dev.pdm.server.web.Awaiting.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import dev.pdm.server.testing.SandboxedPdm;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** After a finished run: the history lists it, opens its event log, and answers "was it executed?". */
class HistoryPageTest extends BrowserTest {
  private static SandboxedPdm pdm;
  private static String runId;

  @BeforeAll
  static void runTheHappyScenarioToTheEnd() {
    pdm = startPdm("happy");
    JsonObject run = await(pdm.post("/api/v1/runs", new JsonObject())).bodyAsJsonObject();
    runId = run.getString("id");
    assertThat(await(pdm.settled(runId)).getString("status")).isEqualTo("succeeded");
  }

  @Test
  void listsPastRunsAndFiltersThemByStatusEnvironmentAndDate() {
    PdmWebPage web = PdmWebPage.openSignedIn(context, pdm);
    web.page.click("nav a[href='#/history']");

    Locator row = web.page.locator("table.history tr[data-run-id='" + runId + "']");
    assertThat(row.innerText()).contains("succeeded", "sandbox-operator", "migrate-gstg", "migrate-gprd");
    web.screenshot("history.png");

    web.page.selectOption("#h-status", "failed");
    web.page.waitForSelector(".history-list:has-text('No run matches')");
    web.page.selectOption("#h-status", "succeeded");
    web.page.selectOption("#h-env", "gprd");
    row.waitFor();
    web.page.fill("#h-from", LocalDate.now(ZoneOffset.UTC).plusDays(1).toString());
    web.page.dispatchEvent("#h-from", "change");
    web.page.waitForSelector(".history-list:has-text('No run matches')");
  }

  @Test
  void theOverviewNamesTheLastRunOnEachEnvironmentAndItsPackage() {
    PdmWebPage web = PdmWebPage.openSignedIn(context, pdm);

    for (String env : new String[] {"gstg", "gprd"}) {
      assertThat(web.page.locator("article.env[data-env=" + env + "] .last-run").innerText())
          .contains("run " + runId.substring(0, 8), "finished", "17-6-auto-deploy-2024110808");
    }
  }

  @Test
  void opensARunWithItsWholeEventLog() {
    PdmWebPage web = PdmWebPage.openSignedIn(context, pdm);
    web.page.click("nav a[href='#/history']");
    web.page.click("table.history tr[data-run-id='" + runId + "'] a");

    long lastSeq = await(pdm.get("/api/v1/runs/" + runId)).bodyAsJsonObject().getLong("last_seq");
    web.page.waitForSelector("ol.timeline li[data-seq='" + lastSeq + "']");
    assertThat(web.page.locator("ol.timeline li[data-seq='1']").innerText()).contains("Run requested");
    assertThat(web.page.locator("ol.timeline li[data-type=RecordStepCompleted]").count()).isEqualTo(8);
    assertThat(web.page.locator(".audit").innerText()).contains("sandbox-operator", "execute");
    for (String stage : new String[] {"migrate-gstg", "qa-gstg", "migrate-gprd"}) {
      assertThat(web.stage(stage).getAttribute("data-status")).isEqualTo("SUCCEEDED");
    }
    web.screenshot("run-event-log.png");
  }

  @Test
  void answersWasItExecutedForAMergeRequestPerEnvironmentAndSource() {
    PdmWebPage web = PdmWebPage.openSignedIn(context, pdm);
    web.page.click("nav a[href='#/executed']");

    web.page.fill("#x-subject", "!171204");
    web.page.press("#x-subject", "Enter");

    web.page.waitForSelector(".executed-result article[data-env]");
    for (String env : new String[] {"gstg", "gprd"}) {
      Locator card = web.page.locator(".executed-result article[data-env=" + env + "]");
      assertThat(card.locator("tr[data-source]").count()).isEqualTo(3);
      assertThat(card.locator("tr[data-source=deployments]").innerText()).contains("yes", "db/" + env);
      assertThat(card.locator("tr[data-source=labels]").innerText()).contains("yes", "workflow::post-deploy-db-");
    }
    web.screenshot("executed.png");
  }
}
