package dev.pdm.server.web;

import static dev.pdm.server.web.Awaiting.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import dev.pdm.server.testing.SandboxedPdm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The page a release manager opens before a run: what is pending where, and may it run. */
class OverviewPageTest extends BrowserTest {
  private static SandboxedPdm pdm;

  @BeforeAll
  static void startHappyPdm() {
    pdm = startPdm("happy");
  }

  @Test
  void showsEachEnvironmentInPlanOrderWithItsPackagePendingMigrationsAndChecks() {
    PdmWebPage web = PdmWebPage.openSignedIn(context, pdm);

    assertThat(web.page.locator("article.env h3").allInnerTexts())
        .satisfiesExactly(gstg -> assertThat(gstg).startsWith("gstg"), gprd -> assertThat(gprd).startsWith("gprd"));
    Locator staging = web.page.locator("article.env[data-env=gstg]");
    assertThat(staging.locator("ul.packages").innerText()).contains("17-6-auto-deploy-2024110808", "df7237cd");
    assertThat(staging.locator("table.pending tbody tr").count()).isEqualTo(4);
    Locator row = staging.locator("table.pending tr[data-version='20241106150244']");
    assertThat(row.innerText()).contains("CreateCiJobTokenAuthorizationsArchive", "!171204", "@bruno-costa");
    assertThat(row.locator("a").getAttribute("href")).endsWith("/gitlab-org/gitlab/-/merge_requests/171204");
    assertThat(staging.locator("li.check").count()).isEqualTo(5);
    assertThat(staging.locator("li.check[data-check=active-incidents]").innerText()).contains("pass", "No open incident");
    assertThat(web.page.locator("#execute").isEnabled()).isTrue();
    assertThat(web.page.locator("#execute-why").innerText()).contains("All checks pass");
    web.screenshot("overview.png");
  }

  @Test
  void rendersAMergeRequestTitleContainingMarkupAsText() {
    PdmWebPage web = PdmWebPage.openSignedIn(context, pdm);

    Locator title = web.page.locator("article.env[data-env=gstg] tr[data-version='20241108120000'] .mr-title");
    assertThat(title.innerText()).contains("<img src=x onerror=alert(1)>");
    assertThat(web.page.locator("img").count()).isZero();
    web.page.waitForTimeout(300);
    assertThat(web.dialogs).isEmpty();
  }

  @Test
  void takesTheTokenFromTheLinkAndRemovesItFromTheAddressBar() {
    PdmWebPage web = PdmWebPage.openSignedIn(context, pdm);

    assertThat(web.page.url()).doesNotContain("token").doesNotContain(pdm.gitLab().token());
    assertThat(web.page.locator("#who").innerText()).contains("sandbox-operator", "operator");
    assertThat(context.cookies()).anySatisfy(cookie -> {
      assertThat(cookie.name).isEqualTo("pdm_session");
      assertThat(cookie.httpOnly).isTrue();
    });
  }

  @Test
  void asksForATokenWhenNotSignedInAndRefusesAWrongOne() {
    PdmWebPage web = PdmWebPage.open(context, web(pdm));
    web.page.waitForSelector("form.signin");

    web.page.fill("#token", "not-a-token");
    web.page.click("form.signin button[type=submit]");

    web.page.waitForSelector("form.signin .form-message.error");
    assertThat(web.page.locator("form.signin .form-message").innerText()).contains("not one of pdm's tokens");
    assertThat(context.cookies()).isEmpty();
    web.page.fill("#token", pdm.gitLab().token());
    web.page.click("form.signin button[type=submit]");
    web.page.waitForSelector("article.env");
  }

  @Test
  void reachesExecuteByKeyboardAndEscapeCancelsTheConfirmation() {
    PdmWebPage web = PdmWebPage.openSignedIn(context, pdm);

    int tabs = 0;
    while (!"execute".equals(web.page.evaluate("() => document.activeElement.id")) && tabs++ < 40) {
      web.page.keyboard().press("Tab");
    }
    web.page.keyboard().press("Enter");
    web.page.waitForSelector("dialog.confirm[open]");
    assertThat(web.page.evaluate("() => document.activeElement.dataset.confirm")).isEqualTo("no");
    web.page.keyboard().press("Escape");

    assertThat(web.page.locator("dialog.confirm").count()).isZero();
    assertThat(await(pdm.get("/api/v1/runs")).bodyAsJsonObject().getJsonArray("runs")).isEmpty();
  }

  @Test
  void fitsAPhoneScreen() {
    context.close();
    context = chromium.newPhoneContext();
    PdmWebPage web = PdmWebPage.openSignedIn(context, pdm);

    double scrollWidth = ((Number) web.page.evaluate("() => document.documentElement.scrollWidth")).doubleValue();
    assertThat(scrollWidth).isLessThanOrEqualTo(390);
    web.screenshot("overview-phone.png");
  }

  private static String web(SandboxedPdm pdm) {
    return "http://127.0.0.1:" + pdm.port() + "/";
  }
}
