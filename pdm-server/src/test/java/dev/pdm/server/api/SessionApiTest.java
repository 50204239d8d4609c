package dev.pdm.server.api;

import static dev.pdm.server.testing.HttpProbe.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.auth.ApiTokens;
import dev.pdm.core.config.PdmConfig;
import dev.pdm.server.PdmServer;
import dev.pdm.server.store.DatabaseUrl;
import dev.pdm.server.testing.HttpProbe;
import dev.pdm.server.testing.HttpProbe.Answer;
import dev.pdm.server.testing.MovableClock;
import dev.pdm.server.testing.TestConfig;
import dev.pdm.server.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Web page sessions: a random id in an HttpOnly, SameSite cookie (Secure behind https), kept server-side, ended by
 * sign-out, time, idleness or the token leaving the configuration; signing in only from pdm's own page, as JSON.
 */
class SessionApiTest {
  private final Vertx vertx = Vertx.vertx();
  private final MovableClock clock = new MovableClock();
  private final List<PdmServer> servers = new ArrayList<>();
  private DatabaseUrl database;

  @BeforeEach
  void freshDatabase() {
    database = TestDatabase.fresh();
  }

  @AfterEach
  void stop() {
    servers.forEach(s -> await(s.close()));
    await(vertx.close());
  }

  private HttpProbe start(Map<String, String> keys, ApiTokens tokens) {
    PdmServer server = await(PdmServer.start(vertx, TestConfig.onRandomPort(keys), database, tokens, clock));
    servers.add(server);
    return new HttpProbe(vertx, server.port());
  }

  private HttpProbe start() {
    return start(Map.of(), TestConfig.tokens());
  }

  private Answer signIn(HttpProbe pdm, int port, String token) {
    return pdm.send(HttpMethod.POST, "/api/v1/session", Map.of("Content-Type", "application/json",
        "Origin", "http://127.0.0.1:" + port), new JsonObject().put("token", token).encode());
  }

  private static String cookieOf(Answer answer) {
    return answer.cookies().get(0).split(";")[0];
  }

  private static Answer whoAmI(HttpProbe pdm, String cookie) {
    return pdm.get("/api/v1/session", Map.of("Cookie", cookie));
  }

  private int lastPort() {
    return servers.get(servers.size() - 1).port();
  }

  @Test
  void aWrongTokenDoesNotSignIn() {
    HttpProbe pdm = start();

    Answer answer = signIn(pdm, lastPort(), "guess");

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.cookies()).isEmpty();
  }

  @Test
  void theCookieHoldsARandomSessionIdNeverTheToken() {
    HttpProbe pdm = start();

    Answer answer = signIn(pdm, lastPort(), TestConfig.VIEWER_TOKEN);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().getString("role")).isEqualTo("viewer");
    assertThat(answer.cookies()).singleElement().asString()
        .startsWith(Authentication.COOKIE + "=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict")
        .doesNotContain(TestConfig.VIEWER_TOKEN).doesNotContainIgnoringCase("Secure");
    assertThat(cookieOf(answer).substring(Authentication.COOKIE.length() + 1)).matches("[A-Za-z0-9_-]{43}");
    assertThat(whoAmI(pdm, cookieOf(answer)).json().getString("caller")).isEqualTo("test-viewer");
  }

  @Test
  void theCookieIsSecureAndHstsSentWhenPeopleReachPdmOverHttps() {
    HttpProbe pdm = start(Map.of("server.public_url", "https://pdm.example.com"), TestConfig.tokens());

    Answer answer = pdm.send(HttpMethod.POST, "/api/v1/session", Map.of("Content-Type", "application/json",
        "Origin", "https://pdm.example.com"), new JsonObject().put("token", TestConfig.VIEWER_TOKEN).encode());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.cookies()).singleElement().asString().containsIgnoringCase("; Secure");
    assertThat(answer.header("Strict-Transport-Security")).startsWith("max-age=");
    assertThat(pdm.get("/health", Map.of()).header("Strict-Transport-Security")).startsWith("max-age=");
  }

  @Test
  void signingOutEndsTheSessionOnTheServer() {
    HttpProbe pdm = start();
    String cookie = cookieOf(signIn(pdm, lastPort(), TestConfig.OPERATOR_TOKEN));

    Answer out = pdm.send(HttpMethod.DELETE, "/api/v1/session", Map.of("Cookie", cookie, Authentication.CSRF_HEADER,
        "1"), null);

    assertThat(out.status()).isEqualTo(200);
    assertThat(whoAmI(pdm, cookie).status()).as("the old cookie, replayed").isEqualTo(401);
  }

  @Test
  void aSessionEndsWhenUnusedForTheIdleTimeAndAtItsMaximumAge() {
    HttpProbe pdm = start(Map.of("auth.session_idle_minutes", "30", "auth.session_max_age_minutes", "60"),
        TestConfig.tokens());
    String idle = cookieOf(signIn(pdm, lastPort(), TestConfig.VIEWER_TOKEN));
    String busy = cookieOf(signIn(pdm, lastPort(), TestConfig.VIEWER_TOKEN));

    clock.advance(Duration.ofMinutes(20));
    assertThat(whoAmI(pdm, busy).status()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(20));
    assertThat(whoAmI(pdm, idle).status()).as("unused for 40 minutes").isEqualTo(401);
    assertThat(whoAmI(pdm, busy).status()).as("used 20 minutes ago").isEqualTo(200);
    clock.advance(Duration.ofMinutes(21));
    assertThat(whoAmI(pdm, busy).status()).as("61 minutes after sign-in").isEqualTo(401);
  }

  @Test
  void removingATokenFromTheConfigurationEndsItsSessions() {
    List<PdmConfig.ApiToken> configured = TestConfig.tokenList();
    HttpProbe before = start(Map.of(), new ApiTokens(configured));
    String viewer = cookieOf(signIn(before, lastPort(), TestConfig.VIEWER_TOKEN));
    String operator = cookieOf(signIn(before, lastPort(), TestConfig.OPERATOR_TOKEN));

    List<PdmConfig.ApiToken> withoutTheViewer = configured.stream()
        .filter(t -> !t.name().equals("test-viewer")).toList();
    HttpProbe after = start(Map.of(), new ApiTokens(withoutTheViewer));

    assertThat(whoAmI(after, viewer).status()).isEqualTo(401);
    assertThat(whoAmI(after, operator).status()).isEqualTo(200);
  }

  @Test
  void aCookieSignedChangeNeedsTheCsrfHeader() {
    HttpProbe pdm = start();
    String cookie = cookieOf(signIn(pdm, lastPort(), TestConfig.OPERATOR_TOKEN));

    Answer without = pdm.send(HttpMethod.POST, "/api/v1/nowhere", Map.of("Cookie", cookie), null);
    Answer with = pdm.send(HttpMethod.POST, "/api/v1/nowhere", Map.of("Cookie", cookie,
        Authentication.CSRF_HEADER, "1"), null);

    assertThat(without.status()).isEqualTo(403);
    assertThat(without.json().getString("message")).contains(Authentication.CSRF_HEADER);
    assertThat(with.status()).isEqualTo(404);
  }

  @Test
  void signingInNeedsJsonFromPdmsOwnOrigin() {
    HttpProbe pdm = start();
    String token = new JsonObject().put("token", TestConfig.OPERATOR_TOKEN).encode();
    String own = "http://127.0.0.1:" + lastPort();

    Answer form = pdm.send(HttpMethod.POST, "/api/v1/session", Map.of("Content-Type",
        "application/x-www-form-urlencoded", "Origin", own), "token=" + TestConfig.OPERATOR_TOKEN);
    Answer plain = pdm.send(HttpMethod.POST, "/api/v1/session", Map.of("Content-Type", "text/plain", "Origin", own),
        token);
    Answer elsewhere = pdm.send(HttpMethod.POST, "/api/v1/session", Map.of("Content-Type", "application/json",
        "Origin", "https://evil.example"), token);
    Answer noOrigin = pdm.send(HttpMethod.POST, "/api/v1/session", Map.of("Content-Type", "application/json"), token);

    assertThat(form.status()).isEqualTo(415);
    assertThat(plain.status()).isEqualTo(415);
    assertThat(elsewhere.status()).isEqualTo(403);
    assertThat(elsewhere.json().getString("message")).contains("Origin");
    assertThat(noOrigin.status()).isEqualTo(403);
    assertThat(List.of(form, plain, elsewhere, noOrigin)).allSatisfy(a -> assertThat(a.cookies()).isEmpty());
  }

  @Test
  void aSignInLinkIsRefusedOutsideSandboxMode() {
    HttpProbe pdm = start();

    Answer link = pdm.send(HttpMethod.POST, "/api/v1/session", Map.of("Content-Type", "application/json",
        "Origin", "http://127.0.0.1:" + lastPort()),
        new JsonObject().put("token", TestConfig.OPERATOR_TOKEN).put("via", "link").encode());

    assertThat(link.status()).isEqualTo(403);
    assertThat(link.json().getString("message")).contains("sandbox mode only");
    assertThat(link.cookies()).isEmpty();
  }

  @Test
  void failedAuthenticationsFromOneAddressAreLimitedForTheMinute() {
    HttpProbe pdm = start(Map.of("auth.failed_attempts_per_minute", "3"), TestConfig.tokens());

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      statuses.add(pdm.get("/api/v1/session", HttpProbe.bearer("guess-" + i, Map.of())).status());
    }
    Answer blockedBearer = pdm.get("/api/v1/session", HttpProbe.bearer(TestConfig.VIEWER_TOKEN, Map.of()));
    Answer blockedSignIn = signIn(pdm, lastPort(), TestConfig.VIEWER_TOKEN);
    clock.advance(Duration.ofSeconds(61));
    Answer later = pdm.get("/api/v1/session", HttpProbe.bearer(TestConfig.VIEWER_TOKEN, Map.of()));

    assertThat(statuses).containsExactly(401, 401, 401);
    assertThat(blockedBearer.status()).as("even a valid token, while the address is blocked").isEqualTo(429);
    assertThat(Integer.parseInt(blockedBearer.header("Retry-After"))).isBetween(1, 60);
    assertThat(blockedSignIn.status()).isEqualTo(429);
    assertThat(later.status()).isEqualTo(200);
  }
}
