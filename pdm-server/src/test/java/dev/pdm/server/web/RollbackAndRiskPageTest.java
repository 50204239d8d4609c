package dev.pdm.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import dev.pdm.server.testing.SandboxedPdm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Before touching production: what each pending migration risks, and whether a rollback is still safe. */
class RollbackAndRiskPageTest extends BrowserTest {
  private static SandboxedPdm pdm;

  @BeforeAll
  static void startPdm() {
    pdm = startPdm("rollback-unsafe");
  }

  @Test
  void showsEachPendingMigrationsKindWithItsEvidenceAndHighlightsWhatTheRunbookFlags() {
    SandboxedPdm happy = startPdm("happy");
    PdmWebPage web = PdmWebPage.openSignedIn(context, happy);

    Locator staging = web.page.locator("article.env[data-env=gstg]");
    Locator concurrent = staging.locator("tr[data-version='20241105093011'] .risk");
    Locator removeColumn = staging.locator("tr[data-version='20241107101010'] .risk");
    Locator dml = staging.locator("tr[data-version='20241108120000'] .risk");
    assertThat(concurrent.getAttribute("data-kind")).isEqualTo("INDEX_CONCURRENTLY");
    assertThat(concurrent.getAttribute("class")).doesNotContain("risky");
    assertThat(removeColumn.getAttribute("data-kind")).isEqualTo("DDL");
    assertThat(removeColumn.getAttribute("class")).contains("risky");
    assertThat(removeColumn.innerText()).contains("takes a lock on the existing table merge_requests");
    assertThat(dml.getAttribute("data-kind")).isEqualTo("DML");
    assertThat(dml.innerText()).contains("changes data on the large table project_settings");
    dml.locator("summary").click();
    assertThat(dml.locator("details.evidence").innerText()).contains("line 11, batched background migration queued",
        "queue_batched_background_migration");
    assertThat(staging.locator("tr[data-version='20241105093011'] td").last().innerText()).contains("not run on staging yet");
    web.page.click("#execute");
    web.page.waitForSelector("dialog.confirm[open]");
    assertThat(web.page.locator("dialog.confirm li.risky").first().innerText()).contains("20241107101010", "DDL", "takes a lock");
    web.screenshot("pending-risk.png");
    web.page.click("dialog.confirm [data-confirm=no]");
  }

  @Test
  void answersWhetherARollbackIsSafeNamingTheMigrationsThatMakeItUnsafeAndJudgesEachRecentPackage() {
    PdmWebPage web = rollbackPanel();

    web.page.selectOption("#rb-env", "gprd");
    checkRollbackTo(web, "17-6-auto-deploy-2024110412");
    web.page.waitForSelector("#rb-verdict");

    assertThat(web.page.locator("#rb-verdict").innerText()).startsWith("Unsafe").contains("4 post-deploy migration(s)");
    Locator blocking = web.page.locator("table.blocking tbody tr");
    assertThat(blocking.count()).isEqualTo(4);
    assertThat(web.page.locator("table.blocking tr[data-version='20241108120000']").innerText())
        .contains("QueueBackfillIssueLinksNamespaceId", "!171450", "db/gprd deployment");
    assertThat(web.page.locator("table.blocking tr[data-version='20241108120000'] .mr-title").innerText())
        .contains("<img src=x onerror=alert(1)>");
    assertThat(web.page.locator(".rollback-result ul.notes").innerText()).contains("never block a rollback",
        "20241109080000 AddIndexNotesOnReviewId");
    assertThat(web.page.locator("table.recent-packages tr[data-ref='17-6-auto-deploy-2024110914']").innerText())
        .contains("running now", "safe");
    assertThat(web.page.locator("table.recent-packages tr[data-ref='17-6-auto-deploy-2024110808'] .badge").innerText())
        .isEqualTo("safe");
    assertThat(web.page.locator("table.recent-packages tr[data-ref='17-6-auto-deploy-2024110412'] .badge").innerText())
        .isEqualTo("unsafe");
    web.screenshot("rollback-unsafe.png");

    web.page.click("table.recent-packages tr[data-ref='17-6-auto-deploy-2024110808'] button.link");
    web.page.waitForSelector("#rb-verdict:has-text('Safe to roll')");
    assertThat(web.page.locator("#rb-to").inputValue()).isEqualTo("17-6-auto-deploy-2024110808");
    assertThat(web.page.locator("table.blocking").count()).isZero();
  }

  @Test
  void saysWhatIsWrongWithAPackageItDoesNotKnow() {
    PdmWebPage web = rollbackPanel();

    checkRollbackTo(web, "last-tuesday");

    web.page.waitForSelector(".rollback-result .error");
    assertThat(web.page.locator(".rollback-result .error").innerText()).contains("to: expected a package ref", "last-tuesday");
  }

  private PdmWebPage rollbackPanel() {
    PdmWebPage web = PdmWebPage.openSignedIn(context, pdm);
    web.page.click("nav a[href='#/rollback']");
    web.page.waitForSelector("form.rollback-form");
    return web;
  }

  private static void checkRollbackTo(PdmWebPage web, String target) {
    web.page.fill("#rb-to", target);
    web.page.click("#rb-check");
  }
}
