package dev.pdm.server.web;

import static dev.pdm.server.web.Awaiting.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import dev.pdm.server.testing.SandboxedPdm;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** QA failed on staging: only a recorded QA override lets production go on; mitigations there are recorded only. */
class QaFailurePageTest extends BrowserTest {
  private static SandboxedPdm pdm;

  @BeforeAll
  static void runTheQaFailsScenarioUntilItWaitsForADecision() {
    pdm = startPdm("qa-fails");
    String runId = newRun(pdm);
    assertThat(await(pdm.settled(runId)).getString("status")).isEqualTo("waiting_for_decision");
  }

  @Test
  void overridingTheQaFailureWithAReasonLetsProductionGoOn() {
    PdmWebPage web = PdmWebPage.openSignedIn(context, pdm);
    web.waitForStage("qa-gstg", "FAILED");
    assertThat(web.page.locator("form[data-action=mitigation] select[name=kind] option").allTextContents())
        .containsExactly("other");
    web.page.click("details[data-box=mitigation] summary");

    Locator confirmation = web.submitDecision("override-qa", Map.of("reason",
        "qa-smoke failed on a known flaky test, see the QA issue",
        "link", "https://gitlab.example.com/gitlab-org/quality/issues/7"));
    web.screenshot("qa-failed.png");
    assertThat(confirmation.innerText()).contains("Let the run go on to production although QA on gstg");
    confirmation.locator("[data-confirm=yes]").click();

    web.waitForStage("migrate-gprd", "SUCCEEDED");
    web.page.waitForSelector(".run-status.s-succeeded");
    assertThat(web.stage("qa-gstg").innerText()).contains("QA failure overridden by sandbox-operator",
        "known flaky test");
    web.screenshot("qa-overridden.png");
    assertThat(web.consoleErrors).isEmpty();
  }
}
