package dev.pdm.server.web;

import static dev.pdm.server.web.Awaiting.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.server.PdmServer;
import dev.pdm.server.testing.TestConfig;
import dev.pdm.server.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Outside sandbox mode a {@code #token=} link signs nobody in: else anyone could send a release manager a link that
 * signs their browser in as someone else (login CSRF). The sign-in form still works.
 */
class SignInLinkPageTest extends BrowserTest {
  private static PdmServer server;

  @BeforeAll
  static void startPdmWithoutSandbox() {
    server = await(PdmServer.start(vertx, TestConfig.onRandomPort(), TestDatabase.fresh(), TestConfig.tokens()));
  }

  @AfterAll
  static void stopPdm() {
    await(server.close());
  }

  @Test
  void aSignInLinkIsRefusedAndTheFormSignsIn() {
    PdmWebPage web = PdmWebPage.open(context, "http://127.0.0.1:" + server.port() + "/#token="
        + TestConfig.OPERATOR_TOKEN);

    web.page.waitForSelector("form.signin .form-message.error");
    assertThat(web.page.locator("form.signin .form-message").innerText()).contains("sandbox mode only");
    assertThat(web.page.url()).doesNotContain(TestConfig.OPERATOR_TOKEN);
    assertThat(context.cookies()).isEmpty();

    web.page.fill("#token", TestConfig.OPERATOR_TOKEN);
    web.page.click("form.signin button[type=submit]");

    web.page.waitForSelector("#who strong");
    assertThat(web.page.locator("#who").innerText()).contains("test-operator");
    assertThat(context.cookies()).singleElement().satisfies(cookie -> {
      assertThat(cookie.httpOnly).isTrue();
      assertThat(cookie.value).doesNotContain(TestConfig.OPERATOR_TOKEN);
    });
  }
}
