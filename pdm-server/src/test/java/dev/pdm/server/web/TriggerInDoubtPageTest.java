package dev.pdm.server.web;

import static dev.pdm.server.web.Awaiting.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import dev.pdm.sandbox.scenario.ScenarioFaults.HttpFault;
import dev.pdm.server.testing.SandboxedPdm;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * GitLab answered the staging pipeline's creation with a 502 and no pipeline with the attempt's marker appeared: the
 * page says a person must decide, shows where pdm sent it and where to look, and carries the person's choice out.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TriggerInDoubtPageTest extends BrowserTest {
  private static final String DEPLOYER = "gitlab-com/gl-infra/deployer";
  private static SandboxedPdm pdm;
  private static String runId;

  @BeforeAll
  static void runUntilTheStagingTriggerIsInDoubt() {
    pdm = startPdm("happy");
    pdm.gitLab().faults().arm(HttpFault.before("POST", "/pipeline$", 502));
    runId = await(pdm.post("/api/v1/runs", new JsonObject())).bodyAsJsonObject().getString("id");
    await(pdm.await(runId, run -> "TRIGGER_UNCERTAIN".equals(SandboxedPdm.stage(run, "migrate-gstg").getString("status")),
        "the staging trigger in doubt after the quiet period"));
  }

  @Test
  @Order(1)
  @SuppressWarnings("unchecked")
  void saysAPersonMustDecideWhereThePipelineCreationWentAndWhereToLook() {
    PdmWebPage web = PdmWebPage.openSignedIn(context, pdm);
    Locator panel = web.page.locator("section.uncertain[data-stage=migrate-gstg]");

    web.waitForStage("migrate-gstg", "TRIGGER_UNCERTAIN");
    assertThat(web.stage("migrate-gstg").innerText()).contains("trigger uncertain",
        "Needs a person: pdm cannot tell whether GitLab created the pipeline");
    assertThat(panel.innerText()).contains("pdm cannot tell whether GitLab created the pipeline",
        "got no usable answer", DEPLOYER + " on master", "PDM_TRIGGER=" + runId + "/migrate-gstg/1");
    assertThat(panel.locator("a.pipelines-link").getAttribute("href"))
        .isEqualTo(pdm.gitLab().url() + "/" + DEPLOYER + "/-/pipelines?ref=master");
    assertThat((List<Object>) web.page.locator("details[data-box]").evaluateAll("boxes => boxes.map((b) => b.dataset.box)"))
        .containsExactly("adopt", "trigger-again", "abandon", "cancel");
    web.page.locator("details[data-box] summary").all().forEach(Locator::click);
    web.screenshot("trigger-uncertain.png");
  }

  @Test
  @Order(2)
  void showsGitLabsRefusalOfAnAdoptedPipelineItDoesNotHave() {
    PdmWebPage web = PdmWebPage.openSignedIn(context, pdm);
    web.page.click("details[data-box=adopt] summary");
    Locator adopt = web.page.locator("form[data-action=adopt]");

    adopt.locator("input[name=pipeline_id]").fill("424242");
    adopt.locator("textarea[name=reason]").fill("found it in the pipelines list");
    adopt.locator("button[type=submit]").click();
    Locator confirmation = web.page.locator("dialog.confirm");
    assertThat(confirmation.innerText()).contains("Follow pipeline #424242 as attempt 1 of Migrate gstg");
    confirmation.locator("[data-confirm=yes]").click();

    web.page.waitForSelector("form[data-action=adopt] .form-message.error");
    assertThat(adopt.locator(".form-message").innerText()).contains("GitLab has no pipeline 424242");
    assertThat(SandboxedPdm.stage(await(pdm.get("/api/v1/runs/" + runId)).bodyAsJsonObject(), "migrate-gstg")
        .getString("status")).isEqualTo("TRIGGER_UNCERTAIN");
  }

  @Test
  @Order(3)
  void triggeringAgainWithAReasonLetsTheRunSucceed() {
    PdmWebPage web = PdmWebPage.openSignedIn(context, pdm);
    web.page.click("details[data-box=trigger-again] summary");
    Locator again = web.page.locator("form[data-action=trigger-again]");
    assertThat(web.page.locator("details[data-box=trigger-again] .warning-note").innerText())
        .contains("a second pipeline would run next to it");

    again.locator("textarea[name=reason]").fill("the deployer's pipelines list has nothing since the trigger");
    again.locator("button[type=submit]").click();
    Locator confirmation = web.page.locator("dialog.confirm");
    assertThat(confirmation.innerText()).contains("Trigger a new pipeline for Migrate gstg",
        "would run next to it", "the deployer's pipelines list has nothing since the trigger");
    confirmation.locator("[data-confirm=yes]").click();

    web.page.waitForSelector(".run-status.s-succeeded");
    assertThat(web.stage("migrate-gstg").innerText()).contains("attempt 2");
    assertThat(pdm.gitLab().pipelines(DEPLOYER)).as("staging attempt 2 and production, each once").hasSize(2);
    web.screenshot("trigger-again-succeeded.png");
    web.page.navigate("http://127.0.0.1:" + pdm.port() + "/#/runs/" + runId);
    assertThat(web.page.locator("ol.timeline").innerText()).contains("migrate-gstg: pdm cannot tell whether GitLab created",
        "migrate-gstg: trigger again by sandbox-operator — “the deployer's pipelines list has nothing since the trigger”");
    assertThat(web.page.locator("ul.audit").innerText()).contains("sandbox-operator trigger again");
  }
}
