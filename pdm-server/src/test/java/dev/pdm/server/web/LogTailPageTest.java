package dev.pdm.server.web;

import static dev.pdm.server.web.Awaiting.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import dev.pdm.core.config.ConfigLoader;
import dev.pdm.core.config.PdmConfig;
import dev.pdm.sandbox.SandboxOptions;
import dev.pdm.server.SandboxMode;
import dev.pdm.server.testing.TestDatabase;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The migration job's log streams into the page while it runs, the migration in progress highlighted. The sandbox
 * runs slower than in the other tests so that the job lasts several log polls.
 */
class LogTailPageTest {
  /** Simulated seconds per real second: the failing staging job lasts about ten seconds, a log poll each second. */
  private static final double SPEED = 3;
  private static SystemChromium chromium;
  private static Vertx vertx;
  private static SandboxMode.Running pdm;
  private static BrowserContext context;

  @BeforeAll
  static void start() {
    chromium = SystemChromium.launch();
    vertx = Vertx.vertx();
    PdmConfig config = ConfigLoader.load(Optional.empty(), Map.of(), Map.of("server.port", "0",
        "server.host", "127.0.0.1", "polling.active_interval_seconds", "1"));
    pdm = await(SandboxMode.start(vertx, config,
        SandboxOptions.defaults().withScenario("staging-migration-fails").withSpeed(SPEED), TestDatabase.fresh(),
        List.of(), Clock.systemUTC()));
    context = chromium.newContext();
  }

  @AfterAll
  static void stop() {
    if (context != null) {
      context.close();
    }
    if (pdm != null) {
      await(pdm.close());
    }
    if (vertx != null) {
      await(vertx.close());
    }
    if (chromium != null) {
      chromium.close();
    }
  }

  @Test
  void streamsTheJobLogHighlightingTheMigrationInProgressThenTheOneThatFailed() {
    PdmWebPage web = PdmWebPage.openSignedIn(context, pdm.server().port(), pdm.sandbox().token());

    web.execute();
    web.page.waitForSelector(".logpanel h3:has-text('Migration log (live)')");
    web.page.waitForSelector(".logpanel .current-migration:has-text('Now running')");
    assertThat(web.page.locator("pre.log .line.current").first().innerText()).contains(": migrating");
    web.screenshot("log-tail.png");
    web.waitForStage("migrate-gstg", "FAILED");
    web.page.waitForSelector(".logpanel .current-migration:has-text('Failed during')");

    assertThat(web.page.locator(".logpanel .current-migration mark").innerText())
        .isEqualTo("20241106150244 CreateCiJobTokenAuthorizationsArchive");
    assertThat(web.page.locator("pre.log .line.current").allInnerTexts())
        .allSatisfy(line -> assertThat(line).doesNotContain("AddIndexCiPipelinesOnAutoCanceledById"));
  }
}
