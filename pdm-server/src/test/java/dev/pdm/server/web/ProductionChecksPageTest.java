package dev.pdm.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import dev.pdm.server.testing.SandboxedPdm;
import dev.pdm.server.testing.TestConfig;
import dev.pdm.server.testing.SandboxedPdm;
import dev.pdm.server.testing.TestConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Execute is offered only when a run may start, and says why not otherwise. */
class ProductionChecksPageTest extends BrowserTest {
  private static SandboxedPdm incident;

  @BeforeAll
  static void startPdmWithAnActiveIncident() {
    incident = startPdm("incident-active", SandboxedPdm.SPEED);
  }

  @Test
  void disablesExecuteAndLinksTheIncidentThatBlocks() {
    PdmWebPage web = PdmWebPage.openSignedIn(context, incident.port(), incident.gitLab().token());

    Locator check = web.page.locator("article.env[data-env=gprd] li.check[data-check=active-incidents]");
    assertThat(check.locator(".badge").innerText()).isEqualTo("fail");
    assertThat(check.locator(".links a").first().getAttribute("href")).contains("/gitlab-com/gl-infra/production/");
    assertThat(web.page.locator("#execute").isDisabled()).isTrue();
    assertThat(web.page.locator("#execute-why").innerText()).contains("Not possible now", "active-incidents fail");
    web.screenshot("blocked.png");
  }

  @Test
  void tellsAViewerThatExecutingNeedsTheOperatorRole() {
    PdmWebPage web = PdmWebPage.openSignedIn(context, incident.port(), TestConfig.VIEWER_TOKEN);

    assertThat(web.page.locator("#who").innerText()).contains("test-viewer", "viewer");
    assertThat(web.page.locator("#execute").isDisabled()).isTrue();
    assertThat(web.page.locator("#execute-why").innerText()).contains("needs the operator role");
  }
}
