package dev.pdm.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.server.testing.SandboxedPdm;
import org.junit.jupiter.api.BeforeAll;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The migration job's log streams into the page while it runs, the migration in progress highlighted. The sandbox
 * runs slower than in the other tests so that the job lasts several log polls.
 */
class LogTailPageTest extends BrowserTest {
  /** Simulated seconds per real second: the failing staging job lasts about fifteen seconds, a log poll each second. */
  private static final double SPEED = 2;
  private static SandboxedPdm pdm;

  @BeforeAll
  static void startSlowerPdm() {
    pdm = startPdm("staging-migration-fails", SPEED);
  }

  @Test
  @SuppressWarnings("unchecked")
  void streamsTheJobLogHighlightingTheMigrationInProgressThenTheOneThatFailed() {
    PdmWebPage web = PdmWebPage.openSignedIn(context, pdm.port(), pdm.gitLab().token());

    web.recordStageStatuses();
    web.execute();
    web.page.waitForSelector(".logpanel h3:has-text('Migration log (live)')");
    web.screenshot("log-tail.png");
    web.waitForStage("migrate-gstg", "FAILED");
    web.page.waitForSelector("section.triage");
    web.page.waitForSelector(".logpanel .current-migration:has-text('Failed during')");

    assertThat(web.currentMigrationsSeen()).as("what the log panel said while the job ran")
        .anySatisfy(seen -> {
          assertThat((String) seen.get("text")).startsWith("Now running: ").matches("Now running: \\d{14} \\w+");
          String version = ((String) seen.get("text")).substring("Now running: ".length(), 27);
          assertThat((List<String>) seen.get("highlighted")).first().asString()
              .contains(version + " ").contains(": migrating");
        });
    assertThat(web.page.locator(".logpanel .current-migration mark").innerText())
        .isEqualTo("20241106150244 CreateCiJobTokenAuthorizationsArchive");
    assertThat(web.page.locator("pre.log .line.current").allInnerTexts())
        .allSatisfy(line -> assertThat(line).doesNotContain("AddIndexCiPipelinesOnAutoCanceledById"));
  }
}
