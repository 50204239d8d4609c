package dev.pdm.server.web;

import static dev.pdm.server.web.Awaiting.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import dev.pdm.sandbox.scenario.ScenarioFaults.HttpFault;
import dev.pdm.server.testing.SandboxedPdm;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
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
  /** The attempt in doubt: 1, unless its checks grew too old before the send on a busy machine (it checked again). */
  private static int inDoubt;

  @BeforeAll
  static void runUntilTheStagingTriggerIsInDoubt() {
    pdm = startPdm("happy");
    pdm.gitLab().faults().arm(HttpFault.before("POST", "/pipeline$", 502));
    runId = newRun(pdm);
    JsonObject run = await(pdm.await(runId, r -> "TRIGGER_UNCERTAIN".equals(SandboxedPdm.stage(r, "migrate-gstg")
        .getString("status")), "the staging trigger in doubt after the quiet period"));
    inDoubt = SandboxedPdm.currentAttempt(run, "migrate-gstg").getInteger("number");
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
        "got no usable answer", DEPLOYER + " on master", "PDM_TRIGGER=" + runId + "/migrate-gstg/" + inDoubt);
    assertThat(panel.locator("a.pipelines-link").getAttribute("href"))
        .isEqualTo(pdm.gitLab().url() + "/" + DEPLOYER + "/-/pipelines?ref=master");
    List<Object> offered = (List<Object>) web.page.locator("details[data-box]")
        .evaluateAll("boxes => boxes.map(b => b.dataset.box)");
    assertThat(offered).containsExactly("adopt", "trigger-again", "abandon", "cancel");
    web.page.locator("details[data-box] summary").all().forEach(Locator::click);
    web.screenshot("trigger-uncertain.png");
    assertThat(web.consoleErrors).isEmpty();
  }

  @Test
  @Order(2)
  void showsGitLabsRefusalOfAnAdoptedPipelineItDoesNotHave() {
    PdmWebPage web = PdmWebPage.openSignedIn(context, pdm);

    Locator confirmation = web.submitDecision("adopt", Map.of("pipeline_id", "424242",
        "reason", "found it in the pipelines list"));
    assertThat(confirmation.innerText()).contains("Follow pipeline #424242 as attempt " + inDoubt + " of Migrate gstg");
    confirmation.locator("[data-confirm=yes]").click();

    Locator refusal = web.page.locator("form[data-action=adopt] .form-message.error");
    assertThat(refusal.innerText()).contains("GitLab has no pipeline 424242");
    assertThat(SandboxedPdm.stage(await(pdm.get("/api/v1/runs/" + runId)).bodyAsJsonObject(), "migrate-gstg")
        .getString("status")).isEqualTo("TRIGGER_UNCERTAIN");
  }

  @Test
  @Order(3)
  void triggeringAgainWithAReasonLetsTheRunSucceed() {
    PdmWebPage web = PdmWebPage.openSignedIn(context, pdm);

    Locator confirmation = web.submitDecision("trigger-again", Map.of("reason",
        "the deployer's pipelines list has nothing since the trigger"));
    assertThat(web.page.locator("details[data-box=trigger-again] .warning-note").innerText())
        .contains("a second pipeline would run next to it");
    assertThat(confirmation.innerText()).contains("Trigger a new pipeline for Migrate gstg",
        "would run next to it", "the deployer's pipelines list has nothing since the trigger");
    confirmation.locator("[data-confirm=yes]").click();

    web.page.waitForSelector(".run-status.s-succeeded");
    int again = SandboxedPdm.currentAttempt(await(pdm.get("/api/v1/runs/" + runId)).bodyAsJsonObject(), "migrate-gstg")
        .getInteger("number");
    assertThat(again).isGreaterThan(inDoubt);
    assertThat(web.stage("migrate-gstg").innerText()).contains("attempt " + again);
    assertThat(pdm.gitLab().pipelines(DEPLOYER)).as("staging's new attempt and production, each once").hasSize(2);
    web.screenshot("trigger-again-succeeded.png");
    web.page.navigate("http://127.0.0.1:" + pdm.port() + "/#/runs/" + runId);
    assertThat(web.page.locator("ol.timeline").innerText()).contains(
        "migrate-gstg: pdm cannot tell whether GitLab created", "migrate-gstg: trigger again by sandbox-operator"
            + " — “the deployer's pipelines list has nothing since the trigger”");
    assertThat(web.page.locator("ul.audit").innerText()).contains("sandbox-operator trigger again");
    assertThat(web.consoleErrors).isEmpty();
  }
}
