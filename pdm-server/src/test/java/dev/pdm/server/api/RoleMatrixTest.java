package dev.pdm.server.api;

import static dev.pdm.server.testing.HttpProbe.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.config.Secret;
import dev.pdm.sandbox.SandboxOptions;
import dev.pdm.server.testing.HttpProbe;
import dev.pdm.server.testing.HttpProbe.Answer;
import dev.pdm.server.testing.SandboxedPdm;
import dev.pdm.server.testing.TestConfig;
import dev.pdm.server.testing.TestDatabase;
import dev.pdm.server.store.DatabaseUrl;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may call each route pdm's Router serves, checked by calling it: without credentials, with a wrong one, as a
 * viewer and as an operator. Every answer carries the security headers and no secret.
 *
 * <p><b>Adding a route?</b> Add one line to {@link #RULES}: {@code "METHOD /path"} as {@code PdmServer.routes()}
 * lists it (path parameters as {@code {name}}, {@code ANY} for a route of every method) and who may call it. A route
 * without a line fails {@link #everyRouteHasAnAccessRule()}.
 */
class RoleMatrixTest {
  /** Who may call a route. */
  enum Access {
    /** Anyone, without credentials (health, the page's files, the API description). */
    PUBLIC,
    /** GitLab, with {@code X-Gitlab-Token}. */
    GITLAB_WEBHOOK,
    /** Slack, with {@code X-Slack-Signature} over the body and a fresh {@code X-Slack-Request-Timestamp}. */
    SLACK_SIGNED,
    /** Anyone with a token, from pdm's own page (JSON, same Origin): signing in. */
    SIGN_IN,
    /** A viewer or an operator. */
    VIEWER,
    /** An operator only. */
    OPERATOR
  }

  static final Map<String, Access> RULES = new TreeMap<>(Map.ofEntries(
      Map.entry("ANY /*", Access.PUBLIC),
      Map.entry("GET /health", Access.PUBLIC),
      Map.entry("GET /health/live", Access.PUBLIC),
      Map.entry("GET /health/ready", Access.PUBLIC),
      Map.entry("GET /metrics", Access.VIEWER),
      Map.entry("GET /api/v1/openapi.yaml", Access.PUBLIC),
      Map.entry("POST /hooks/gitlab", Access.GITLAB_WEBHOOK),
      Map.entry("POST /hooks/slack/commands", Access.SLACK_SIGNED),
      Map.entry("POST /hooks/slack/interactions", Access.SLACK_SIGNED),
      Map.entry("POST /api/v1/session", Access.SIGN_IN),
      Map.entry("ANY /api/*", Access.VIEWER),
      Map.entry("GET /api/v1/session", Access.VIEWER),
      Map.entry("DELETE /api/v1/session", Access.VIEWER),
      Map.entry("GET /api/v1/live", Access.VIEWER),
      Map.entry("GET /api/v1/overview", Access.VIEWER),
      Map.entry("GET /api/v1/pending", Access.VIEWER),
      Map.entry("GET /api/v1/checks", Access.VIEWER),
      Map.entry("GET /api/v1/executed", Access.VIEWER),
      Map.entry("GET /api/v1/triage", Access.VIEWER),
      Map.entry("POST /api/v1/triage", Access.VIEWER),
      Map.entry("GET /api/v1/rollback-check", Access.VIEWER),
      Map.entry("GET /api/v1/lock", Access.VIEWER),
      Map.entry("GET /api/v1/migration-durations", Access.VIEWER),
      Map.entry("GET /api/v1/schedule", Access.VIEWER),
      Map.entry("GET /api/v1/runs", Access.VIEWER),
      Map.entry("GET /api/v1/runs/{id}", Access.VIEWER),
      Map.entry("GET /api/v1/runs/{id}/events", Access.VIEWER),
      Map.entry("POST /api/v1/runs", Access.OPERATOR),
      Map.entry("POST /api/v1/runs/{id}/cancel", Access.OPERATOR),
      Map.entry("POST /api/v1/runs/{id}/stages/{stage}/retry", Access.OPERATOR),
      Map.entry("POST /api/v1/runs/{id}/stages/{stage}/recheck", Access.OPERATOR),
      Map.entry("POST /api/v1/runs/{id}/stages/{stage}/override", Access.OPERATOR),
      Map.entry("POST /api/v1/runs/{id}/stages/{stage}/override-qa", Access.OPERATOR),
      Map.entry("POST /api/v1/runs/{id}/stages/{stage}/adopt", Access.OPERATOR),
      Map.entry("POST /api/v1/runs/{id}/stages/{stage}/trigger-again", Access.OPERATOR),
      Map.entry("POST /api/v1/runs/{id}/stages/{stage}/abandon", Access.OPERATOR),
      Map.entry("POST /api/v1/runs/{id}/stages/{stage}/mitigations", Access.OPERATOR),
      Map.entry("POST /api/v1/runs/{id}/stages/{stage}/incident/block", Access.OPERATOR),
      Map.entry("POST /api/v1/runs/{id}/stages/{stage}/incident/plan", Access.OPERATOR),
      Map.entry("POST /api/v1/runs/{id}/stages/{stage}/incident/handover", Access.OPERATOR),
      Map.entry("POST /api/v1/runs/{id}/stages/{stage}/incident/follow-ups/{key}", Access.OPERATOR),
      Map.entry("POST /api/v1/runs/{id}/stages/{stage}/incident/rerun", Access.OPERATOR),
      Map.entry("POST /api/v1/runs/{id}/stages/{stage}/records/{step}/retry", Access.OPERATOR)));

  private static final Vertx VERTX = Vertx.vertx();
  private static final List<Answer> ANSWERS = new ArrayList<>();
  private static SandboxedPdm pdm;
  private static HttpProbe http;
  private static DatabaseUrl database;

  @BeforeAll
  static void start() {
    database = TestDatabase.fresh();
    pdm = await(SandboxedPdm.start(VERTX, SandboxOptions.defaults().withScenario("nothing-pending")
        .withSpeed(SandboxedPdm.SPEED), Optional.of("""
        auth: {failed_attempts_per_minute: 10000, gitlab_reads_per_minute: 10000}
        """), database));
    http = new HttpProbe(VERTX, pdm.port());
  }

  @AfterAll
  static void stop() {
    http.close();
    await(pdm.close());
    await(VERTX.close());
  }

  @Test
  void everyRouteHasAnAccessRule() {
    Set<String> routes = pdm.server().routes();

    assertThat(routes).as("routes of the Router without a line in RoleMatrixTest.RULES: add one saying who may call"
        + " each (PUBLIC, GITLAB_WEBHOOK, SLACK_SIGNED, SIGN_IN, VIEWER or OPERATOR)").allMatch(RULES::containsKey);
    assertThat(RULES.keySet()).as("rules of routes the Router no longer has").allMatch(routes::contains);
  }

  @Test
  void everyRouteAnswersOnlyWhomItsRuleAllows() {
    Map<String, String> broken = new LinkedHashMap<>();
    for (String route : pdm.server().routes()) {
      Access access = RULES.get(route);
      if (access == null) {
        continue;
      }
      String method = route.substring(0, route.indexOf(' '));
      String path = concrete(route.substring(route.indexOf(' ') + 1));
      HttpMethod verb = method.equals("ANY") ? HttpMethod.GET : HttpMethod.valueOf(method);
      check(broken, route, access, verb, path);
    }

    assertThat(broken).as("routes answering someone their rule does not allow (or refusing whom it does)").isEmpty();
  }

  @Test
  void everyAnswerCarriesTheSecurityHeadersAndNoSecret() {
    if (ANSWERS.isEmpty()) {
      everyRouteAnswersOnlyWhomItsRuleAllows();
    }
    List<String> secrets = new ArrayList<>(List.of(TestConfig.OPERATOR_TOKEN, TestConfig.VIEWER_TOKEN,
        pdm.gitLab().token()));
    pdm.config().gitlab().flatMap(PdmConfig.GitLab::webhookSecret).map(Secret::reveal).ifPresent(secrets::add);
    if (!database.password().isEmpty()) {
      secrets.add(database.password());
    }

    assertThat(ANSWERS).isNotEmpty().allSatisfy(answer -> {
      assertThat(answer.header("Content-Security-Policy")).contains("frame-ancestors 'none'", "default-src 'self'");
      assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(answer.header("Referrer-Policy")).isEqualTo("no-referrer");
      assertThat(answer.header("Strict-Transport-Security")).as("pdm is not reached over https here").isNull();
      secrets.forEach(secret -> assertThat(answer.body() + answer.headers()).doesNotContain(secret));
    });
  }

  private void check(Map<String, String> broken, String route, Access access, HttpMethod verb, String path) {
    Map<String, String> none = Map.of("Content-Type", "application/json");
    switch (access) {
      case PUBLIC -> expect(broken, route, "no credentials", send(verb, path, none), s -> s != 401 && s != 403);
      case GITLAB_WEBHOOK -> {
        expect(broken, route, "no token", send(verb, path, none), s -> s == 401);
        expect(broken, route, "a wrong token", send(verb, path, Map.of("X-Gitlab-Token", "wrong-secret-0123456789")),
            s -> s == 401);
      }
      case SLACK_SIGNED -> {
        expect(broken, route, "no signature", send(verb, path, none), s -> s == 401);
        expect(broken, route, "a wrong signature", send(verb, path, Map.of("X-Slack-Request-Timestamp",
            Long.toString(System.currentTimeMillis() / 1000), "X-Slack-Signature", "v0=" + "0".repeat(64))),
            s -> s == 401);
      }
      case SIGN_IN -> expect(broken, route, "no Origin", send(verb, path, none), s -> s == 403);
      case VIEWER, OPERATOR -> {
        expect(broken, route, "no credentials", send(verb, path, none), s -> s == 401);
        expect(broken, route, "a wrong token", send(verb, path, HttpProbe.bearer("not-a-token", none)), s -> s == 401);
        expect(broken, route, "a viewer", send(verb, path, HttpProbe.bearer(TestConfig.VIEWER_TOKEN, none)),
            access == Access.VIEWER ? s -> s != 401 && s != 403 : s -> s == 403);
        expect(broken, route, "an operator", send(verb, path, HttpProbe.bearer(TestConfig.OPERATOR_TOKEN, none)),
            s -> s != 401 && s != 403);
      }
    }
  }

  private static Answer send(HttpMethod verb, String path, Map<String, String> headers) {
    Answer answer = http.send(verb, path, headers, verb == HttpMethod.POST ? "{}" : null);
    ANSWERS.add(answer);
    return answer;
  }

  private static void expect(Map<String, String> broken, String route, String who, Answer answer,
      java.util.function.IntPredicate allowed) {
    if (!allowed.test(answer.status())) {
      broken.put(route + " as " + who, answer.status() + " " + answer.body());
    }
  }

  /** A path to call for a route: its parameters filled in, its wildcard a path nothing else serves. */
  private static String concrete(String path) {
    return path.replace("{id}", UUID.randomUUID().toString()).replace("{stage}", "migrate-gstg")
        .replace("{step}", "label-mrs").replaceAll("\\{[^}]+}", "x")
        .replace("/api/*", "/api/v1/no-such-route").replace("/*", "/index.html")
        + (path.equals("/api/v1/executed") ? "?mr=1" : path.equals("/api/v1/triage") ? "?job=x" : "");
  }
}
