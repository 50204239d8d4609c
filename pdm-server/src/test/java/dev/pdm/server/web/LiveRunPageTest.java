package dev.pdm.server.web;

import static dev.pdm.server.web.Awaiting.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.WebSocketRoute;
import dev.pdm.server.testing.SandboxedPdm;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A run watched live: every update arrives over the WebSocket, and a dropped connection is caught up. */
class LiveRunPageTest extends BrowserTest {
  private static final List<String> PLAN = List.of("migrate-gstg", "qa-gstg", "migrate-gprd");
  private SandboxedPdm pdm;

  @BeforeEach
  void startHappyPdm() {
    pdm = await(SandboxedPdm.start(vertx, "happy"));
  }

  @AfterEach
  void stopPdm() {
    await(pdm.close());
  }

  @Test
  void executingTheHappyScenarioTurnsEveryStageGreenWithoutReloading() {
    PdmWebPage web = PdmWebPage.openSignedIn(context, pdm);
    web.markDocument();
    web.recordStageStatuses();

    String confirmation = web.execute();

    assertThat(confirmation).contains("Migrate gstg", "QA on gstg", "Migrate gprd", "4 migration(s)",
        "CreateCiJobTokenAuthorizationsArchive", "17-6-auto-deploy-2024110808");
    web.page.waitForSelector(".run-status.s-running");
    web.screenshot("running.png");
    for (String stage : PLAN) {
      web.waitForStage(stage, "SUCCEEDED");
      assertThat(web.statusesSeen(stage)).as("statuses of %s", stage).containsSubsequence("RUNNING", "SUCCEEDED")
          .endsWith("SUCCEEDED");
    }
    web.page.waitForSelector(".run-status.s-succeeded");
    assertThat(web.stage("migrate-gstg").locator("a").allInnerTexts())
        .anySatisfy(link -> assertThat(link).startsWith("pipeline #"))
        .anySatisfy(link -> assertThat(link).isEqualTo("job gstg-postdeploy-migrations"));
    assertThat(web.page.locator("ol.timeline").innerText()).contains("Notified chat");
    assertThat(web.stillSameDocument()).as("the page was not reloaded").isTrue();
    web.screenshot("succeeded.png");
  }

  @Test
  void catchesUpByItselfAfterTheLiveConnectionDrops() {
    AtomicBoolean networkDown = new AtomicBoolean(false);
    List<WebSocketRoute> open = new CopyOnWriteArrayList<>();
    context.routeWebSocket("**/api/v1/live", socket -> {
      if (networkDown.get()) {
        socket.close();
        return;
      }
      socket.connectToServer();
      open.add(socket);
    });
    PdmWebPage web = PdmWebPage.openSignedIn(context, pdm);
    web.markDocument();
    web.execute();
    web.page.waitForSelector(".run-status.s-running");

    networkDown.set(true);
    open.forEach(socket -> socket.close(new WebSocketRoute.CloseOptions().setCode(4000).setReason("network drop")));
    web.page.waitForSelector("#conn[data-state=reconnecting]");
    String statusWhileDown = web.stage("migrate-gprd").getAttribute("data-status");
    web.page.waitForTimeout(3000);
    networkDown.set(false);

    for (String stage : PLAN) {
      web.waitForStage(stage, "SUCCEEDED");
    }
    web.page.waitForSelector("#conn[data-state=live]");
    assertThat(statusWhileDown).isNotEqualTo("SUCCEEDED");
    JsonObject run = lastRun();
    long lastSeq = run.getLong("last_seq");
    web.page.waitForSelector("ol.timeline li[data-seq='" + lastSeq + "']");
    assertThat(web.stillSameDocument()).as("the page was not reloaded").isTrue();
  }

  private JsonObject lastRun() {
    JsonObject list = await(pdm.get("/api/v1/runs?limit=1")).bodyAsJsonObject();
    return await(pdm.settled(list.getJsonArray("runs").getJsonObject(0).getString("id")));
  }
}
