package dev.pdm.server.web;

import static dev.pdm.server.web.Awaiting.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.pdm.server.testing.SandboxedPdm;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The incident workflow on the page, as the release manager on shift goes through it: the failure marked as blocking,
 * the no-op merge request linked, the fix followed into every environment with the open items and the timeline
 * updating live, and the new run started from the page once pdm says it is ready.
 */
class IncidentWorkflowPageTest extends BrowserTest {
  private static SandboxedPdm pdm;
  private static String runId;

  @BeforeAll
  static void runTheFailingScenarioUntilItsIncidentIsFollowed() {
    pdm = startPdm("staging-migration-fails");
    runId = await(pdm.post("/api/v1/runs", new JsonObject())).bodyAsJsonObject().getString("id");
    await(pdm.await(runId, run -> run.getJsonObject("state").getJsonObject("incidents") != null
        && run.getJsonObject("state").getJsonObject("incidents").containsKey("migrate-gstg"), "the incident followed"));
  }

  @Test
  void blocksPlansFollowsTheFixAndStartsTheNewRunFromThePage() {
    PdmWebPage web = PdmWebPage.openSignedIn(context, pdm);
    Locator workflow = web.page.locator("section.incident-workflow");
    workflow.waitFor();
    assertThat(workflow.locator("ul.open-items").innerText()).contains("Decide whether the failure blocks deployments",
        "make the migration a no-op");
    web.markDocument();

    Locator block = decision(web, "block");
    block.locator("select[name=blocks]").selectOption("yes");
    block.locator("textarea[name=reason]").fill("gprd would fail the same way");
    block.locator("button[type=submit]").click();
    web.page.waitForSelector("ol.incident-timeline li[data-kind=BLOCK_DECIDED][data-posted=true]");
    assertThat(workflow.locator(".block-decision").innerText()).startsWith("yes");

    Locator plan = decision(web, "plan");
    plan.locator("input[name=merge_request]").fill("!171688");
    plan.locator("textarea[name=reason]").fill("bruno-costa's MR makes it a no-op");
    plan.locator("button[type=submit]").click();
    web.page.waitForSelector("ul.open-items li:has-text('Merge !171688')");

    await(pdm.gitLab().mergeMergeRequest("gitlab-org/gitlab", 171688, Optional.empty()));
    await(pdm.gitLab().deployPackage("gstg"));
    web.page.waitForSelector("ul.open-items li:has-text('Deploy !171688 to gprd')");
    await(pdm.gitLab().deployPackage("gprd"));
    Locator rerun = web.page.locator("form[data-action=rerun]");
    rerun.waitFor();
    web.page.waitForSelector("ol.incident-timeline li[data-kind=BLOCK_LIFTED][data-posted=true]");
    assertThat(web.page.locator("ol.incident-timeline li").allInnerTexts()).anySatisfy(t -> assertThat(t)
        .contains("Ready to re-run")).anySatisfy(t -> assertThat(t).contains("!171688 runs on gstg"));
    assertThat(web.stillSameDocument()).as("updated live, not reloaded").isTrue();
    web.screenshot("incident-workflow.png");

    rerun.locator("button[type=submit]").click();
    Locator confirmation = web.page.locator("dialog.confirm");
    assertThat(confirmation.innerText()).contains("start a new post-deploy migration run");
    confirmation.locator("[data-confirm=yes]").click();
    web.page.waitForURL(url -> url.contains("#/runs/") && !url.contains(runId),
        new Page.WaitForURLOptions().setTimeout(60_000));
    web.waitForStage("migrate-gstg", "SUCCEEDED");

    assertThat(await(pdm.get("/api/v1/runs/" + runId)).bodyAsJsonObject().getString("status")).isEqualTo("failed");
    assertThat(web.consoleErrors).isEmpty();
  }

  /** Opens the decision's box and answers its form. */
  private static Locator decision(PdmWebPage web, String action) {
    Locator form = web.page.locator("form[data-action=" + action + "]");
    form.locator("xpath=..").locator("summary").click();
    return form;
  }
}
