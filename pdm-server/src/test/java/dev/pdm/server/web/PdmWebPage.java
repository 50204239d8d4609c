package dev.pdm.server.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.pdm.server.testing.SandboxedPdm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The pdm page as a release manager uses it: opened from the link the sandbox prints, then clicked through. */
final class PdmWebPage {
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final double WAIT_MS = 60_000;
  final Page page;
  final List<String> dialogs = new CopyOnWriteArrayList<>();
  final List<String> consoleErrors = new CopyOnWriteArrayList<>();

  private PdmWebPage(Page page) {
    this.page = page;
    page.setDefaultTimeout(WAIT_MS);
    page.onDialog(dialog -> {
      dialogs.add(dialog.type() + ": " + dialog.message());
      dialog.dismiss();
    });
    page.onConsoleMessage(message -> {
      if ("error".equals(message.type())) {
        consoleErrors.add(message.text());
      }
    });
  }

  /** Opens {@code http://127.0.0.1:PORT/#token=...}, the link pdm prints in sandbox mode, and waits for the overview. */
  static PdmWebPage openSignedIn(BrowserContext context, SandboxedPdm pdm) {
    return openSignedIn(context, pdm.port(), pdm.gitLab().token());
  }

  static PdmWebPage openSignedIn(BrowserContext context, int port, String token) {
    PdmWebPage web = new PdmWebPage(context.newPage());
    web.page.navigate("http://127.0.0.1:" + port + "/#token=" + token);
    web.page.waitForSelector("article.env");
    return web;
  }

  static PdmWebPage open(BrowserContext context, String url) {
    PdmWebPage web = new PdmWebPage(context.newPage());
    web.page.navigate(url);
    return web;
  }

  /** The stage's node in the pipeline graph. */
  Locator stage(String stageId) {
    return page.locator("ol.pipeline li[data-stage='" + stageId + "']");
  }

  /** Waits until the stage's node shows the status (as the state machine names it, e.g. SUCCEEDED). */
  void waitForStage(String stageId, String status) {
    page.waitForSelector("ol.pipeline li[data-stage='" + stageId + "'][data-status='" + status + "']",
        new Page.WaitForSelectorOptions().setState(WaitForSelectorState.ATTACHED));
  }

  /**
   * From now on, remembers every status each stage's node shows and every "current migration" line of the log
   * panel, with the log lines highlighted then (a state may last less than a poll).
   */
  void recordStageStatuses() {
    page.evaluate("""
        () => {
          window.__pdmStatuses = {};
          const seen = (el) => {
            const list = (window.__pdmStatuses[el.dataset.stage] ||= []);
            if (list[list.length - 1] !== el.dataset.status) list.push(el.dataset.status);
          };
          window.__pdmCurrent = [];
          new MutationObserver(() => {
            document.querySelectorAll('li.stage').forEach(seen);
            const current = document.querySelector('.logpanel .current-migration');
            const highlighted = [...document.querySelectorAll('pre.log .line.current')].map((l) => l.textContent);
            if (current) window.__pdmCurrent.push({ text: current.textContent, highlighted });
          }).observe(document.body, { subtree: true, childList: true, attributes: true });
        }""");
  }

  /** The statuses the stage's node showed, in order, since {@link #recordStageStatuses()}. */
  @SuppressWarnings("unchecked")
  List<String> statusesSeen(String stageId) {
    Object seen = page.evaluate("id => (window.__pdmStatuses || {})[id] || []", stageId);
    return (List<String>) seen;
  }

  /** Each "current migration" line the log panel showed, with the log lines it highlighted then. */
  @SuppressWarnings("unchecked")
  List<Map<String, Object>> currentMigrationsSeen() {
    return (List<Map<String, Object>>) page.evaluate("() => window.__pdmCurrent || []");
  }

  /** Clicks Execute, checks the confirmation names every environment, and confirms. Returns the confirmation text. */
  String execute() {
    page.click("#execute");
    Locator dialog = page.locator("dialog.confirm");
    String text = dialog.innerText();
    dialog.locator("[data-confirm=yes]").click();
    return text;
  }

  /**
   * Opens the action box of a decision (e.g. {@code abandon}), fills its fields by name, and submits it: returns the
   * confirmation it asks for, not answered yet.
   */
  Locator submitDecision(String action, Map<String, String> fields) {
    page.click("details[data-box='" + action + "'] summary");
    Locator form = page.locator("form[data-action='" + action + "']");
    fields.forEach((name, value) -> form.locator("[name='" + name + "']").fill(value));
    form.locator("button[type=submit]").click();
    return page.locator("dialog.confirm");
  }

  /** Marks the document so that a reload (which would lose the mark) can be detected. */
  void markDocument() {
    page.evaluate("() => { window.__pdmNotReloaded = true; }");
  }

  boolean stillSameDocument() {
    return Boolean.TRUE.equals(page.evaluate("() => window.__pdmNotReloaded === true"));
  }

  void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    page.evaluate("() => window.scrollTo(0, 0)");
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name)).setFullPage(true));
  }
}
