package dev.pdm.server.web;

import static dev.pdm.server.web.Awaiting.await;

import com.microsoft.playwright.BrowserContext;
import dev.pdm.sandbox.SandboxOptions;
import dev.pdm.server.testing.SandboxedPdm;
import dev.pdm.server.testing.TestDatabase;
import java.util.Optional;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every browser test class shares: one Chromium and one Vert.x per class, pdm sandboxes closed after the class,
 * and a fresh browser profile (no cookies) per test.
 */
abstract class BrowserTest {
  static SystemChromium chromium;
  static Vertx vertx;
  private static final Deque<Supplier<Future<Void>>> CLOSERS = new ArrayDeque<>();
  BrowserContext context;

  @BeforeAll
  static void launchBrowser() {
    chromium = SystemChromium.launch();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeEverything() {
    while (!CLOSERS.isEmpty()) {
      await(CLOSERS.pop().get());
    }
    if (vertx != null) {
      await(vertx.close());
      vertx = null;
    }
    if (chromium != null) {
      chromium.close();
      chromium = null;
    }
  }

  /** pdm in sandbox mode at the tests' usual speed, closed after the class. */
  static SandboxedPdm startPdm(String scenario) {
    SandboxedPdm pdm = await(SandboxedPdm.start(vertx, scenario));
    CLOSERS.push(pdm::close);
    return pdm;
  }

  /** pdm in sandbox mode at a chosen speed, closed after the class. */
  static SandboxedPdm startPdm(String scenario, double speed) {
    SandboxedPdm pdm = await(SandboxedPdm.start(vertx,
        SandboxOptions.defaults().withScenario(scenario).withSpeed(speed), Optional.empty(), TestDatabase.fresh()));
    CLOSERS.push(pdm::close);
    return pdm;
  }

  /** Asks pdm for a run of its plan, as the sandbox's operator, and returns the run's id. */
  static String newRun(SandboxedPdm pdm) {
    return await(pdm.post("/api/v1/runs", new JsonObject())).bodyAsJsonObject().getString("id");
  }

  @BeforeEach
  void newBrowserProfile() {
    context = chromium.newContext();
  }

  @AfterEach
  void closeBrowserProfile() {
    context.close();
  }
}
