package dev.pdm.server.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's Chromium driven by Playwright, never a downloaded browser: tests are skipped, saying how to install it,
 * when {@code /usr/bin/chromium} is absent (CI installs it).
 */
final class SystemChromium implements AutoCloseable {
  static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
  private final Playwright playwright;
  private final Browser browser;

  private SystemChromium(Playwright playwright, Browser browser) {
    this.playwright = playwright;
    this.browser = browser;
  }

  /** Launches headless Chromium, or skips the calling tests when it is not installed. */
  static SystemChromium launch() {
    assumeTrue(Files.isExecutable(EXECUTABLE), "browser tests need Chromium at " + EXECUTABLE
        + ": install it with `sudo apt-get install -y chromium chromium-driver` (CI always has it)");
    Playwright playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(java.util.Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setHeadless(true)
        .setExecutablePath(EXECUTABLE)
        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking")));
    return new SystemChromium(playwright, browser);
  }

  /** A fresh browser profile (no cookies) with a laptop-sized window. */
  BrowserContext newContext() {
    return browser.newContext(new Browser.NewContextOptions().setViewportSize(1360, 900).setTimezoneId("UTC"));
  }

  /** A phone-sized, dark-scheme profile: the page must fit 390 px and follow prefers-color-scheme. */
  BrowserContext newPhoneContext() {
    return browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844).setTimezoneId("UTC")
        .setIsMobile(true).setHasTouch(true).setColorScheme(com.microsoft.playwright.options.ColorScheme.DARK));
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
