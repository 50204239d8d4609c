package dev.pdm.core.gitlab;

import static dev.pdm.core.gitlab.ScriptedGitLab.fixture;
import static dev.pdm.core.gitlab.ScriptedGitLab.json;
import static dev.pdm.core.gitlab.ScriptedGitLab.silence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gitlab4j.api.models.PipelineStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class GitLabClientTest {

  private static final String TOKEN = "glpat-secret-token-value";
  private static final String PROJECT = "/projects/gitlab-org%2Fgitlab";

  private ScriptedGitLab gitLab;
  private GitLabClient client;
  private final List<GitLabExchange> exchanges = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeEach
  void start(Vertx vertx, VertxTestContext context) {
    ScriptedGitLab.start(vertx).onComplete(context.succeeding(started -> {
      gitLab = started;
      client = new GitLabClient(vertx, GitLabClientOptions.of(gitLab.baseUrl(), TOKEN)
          .withTimeout(Duration.ofMillis(400))
          .withRetries(2, Duration.ofMillis(10), Duration.ofMillis(50)), java.time.Clock.systemUTC(), exchanges::add);
      context.completeNow();
    }));
  }

  @Test
  void readsAProjectByPathAsAGitlab4jModelWithTheTokenHeader(VertxTestContext context) {
    gitLab.on("GET", PROJECT, fixture("project.json"));

    client.project("gitlab-org/gitlab").onComplete(context.succeeding(project -> context.verify(() -> {
      assertThat(project.getId()).isNotNull();
      assertThat(project.getPathWithNamespace()).isNotBlank();
      assertThat(gitLab.seen()).singleElement().satisfies(seen -> assertThat(seen.token()).isEqualTo(TOKEN));
      context.completeNow();
    })));
  }

  @Test
  void retriesAReadAfterServerErrorsAndSucceeds(VertxTestContext context) {
    gitLab.on("GET", PROJECT + "/pipelines/46", json(502, "bad gateway"), json(503, "{\"message\":\"busy\"}"),
        fixture("pipeline.json"));

    client.pipeline("gitlab-org/gitlab", 46).onComplete(context.succeeding(pipeline -> context.verify(() -> {
      assertThat(pipeline.getStatus()).isNotNull();
      assertThat(gitLab.count("GET", "/api/v4" + PROJECT + "/pipelines/46")).isEqualTo(3);
      context.completeNow();
    })));
  }

  @Test
  void tellsTheListenerOfEveryAttemptWithEndpointClassStatusRateLimitAndRequestId(VertxTestContext context) {
    gitLab.on("GET", PROJECT + "/pipelines/46/jobs", json(503, "{\"message\":\"busy\"}", "X-Request-Id", "req-1"),
        json(200, "[]", "RateLimit-Remaining", "1995", "X-Request-Id", "req-2"));

    client.pipelineJobs("gitlab-org/gitlab", 46).all().onComplete(context.succeeding(jobs -> context.verify(() -> {
      assertThat(exchanges).extracting(GitLabExchange::method, GitLabExchange::endpoint, GitLabExchange::status)
          .containsExactly(tuple("GET", "pipeline_jobs", 503), tuple("GET", "pipeline_jobs", 200));
      assertThat(exchanges.get(1).rateLimitRemaining()).hasValue(1995);
      assertThat(exchanges).extracting(GitLabExchange::requestId)
          .containsExactly(java.util.Optional.of("req-1"), java.util.Optional.of("req-2"));
      assertThat(exchanges).allSatisfy(e -> assertThat(e.duration()).isPositive());
      context.completeNow();
    })));
  }

  @Test
  void waitsAsLongAsRetryAfterSaysOnA429(VertxTestContext context) {
    gitLab.on("GET", "/version", json(429, "{\"message\":\"Retry later\"}", "Retry-After", "1"),
        json(200, "{\"version\":\"17.5.0\",\"revision\":\"abc\"}"));
    long started = System.nanoTime();

    client.version().onComplete(context.succeeding(version -> context.verify(() -> {
      assertThat(version.getVersion()).isEqualTo("17.5.0");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
      context.completeNow();
    })));
  }

  @Test
  void givesUpWithAnErrorNamingMethodPathStatusAndGitLabsMessageButNeverTheTokenOrQuery(VertxTestContext context) {
    gitLab.on("GET", PROJECT + "/repository/compare", json(500, "{\"message\":\"500 Internal Server Error\"}"));

    client.compare("gitlab-org/gitlab", "aaa", "secret-ref").onComplete(context.failing(failure -> context.verify(() -> {
      GitLabError error = ((GitLabException) failure).error();
      assertThat(error).isEqualTo(new GitLabError("GET", PROJECT + "/repository/compare", 500,
          "500 Internal Server Error"));
      assertThat(failure.getMessage()).doesNotContain(TOKEN).doesNotContain("secret-ref");
      assertThat(gitLab.count("GET", "/api/v4" + PROJECT + "/repository/compare")).isEqualTo(3);
      context.completeNow();
    })));
  }

  @Test
  void doesNotRetryANotFound(VertxTestContext context) {
    gitLab.on("GET", PROJECT + "/issues/9", json(404, "{\"message\":\"404 Issue Not Found\"}"));

    client.issue("gitlab-org/gitlab", 9).onComplete(context.failing(failure -> context.verify(() -> {
      assertThat(GitLabException.isNotFound(failure)).isTrue();
      assertThat(gitLab.count("GET", "/api/v4" + PROJECT + "/issues/9")).isEqualTo(1);
      context.completeNow();
    })));
  }

  @Test
  void timesOutASlowReadAndReportsNoResponse(VertxTestContext context) {
    gitLab.on("GET", "/user", silence());

    client.currentUser().onComplete(context.failing(failure -> context.verify(() -> {
      assertThat(((GitLabException) failure).error().status()).isZero();
      assertThat(gitLab.count("GET", "/api/v4/user")).isEqualTo(3);
      context.completeNow();
    })));
  }

  @Test
  void sendsAPipelineCreationOnceAndSaysTheOutcomeIsUnknownAfterA502(VertxTestContext context) {
    gitLab.on("POST", PROJECT + "/pipeline", json(502, "{\"message\":\"502 Bad Gateway\"}"), fixture("pipeline.json"));

    client.createPipeline("gitlab-org/gitlab", "master", Map.of("PDM_RUN", "run-7-gstg", "ENV", "gstg"))
        .onComplete(context.failing(failure -> context.verify(() -> {
          GitLabError error = ((GitLabException) failure).error();
          assertThat(error.outcomeUnknown()).isTrue();
          assertThat(error.refusedUnprocessed()).isFalse();
          assertThat(gitLab.count("POST", "/api/v4" + PROJECT + "/pipeline")).isEqualTo(1);
          assertThat(gitLab.seen().get(0).body()).contains("\"variables\"").contains("run-7-gstg");
          context.completeNow();
        })));
  }

  @Test
  void sendsAPipelineCreationOnceEvenWhenGitLabRateLimitsIt(VertxTestContext context) {
    gitLab.on("POST", PROJECT + "/pipeline", json(429, "{\"message\":\"Retry later\"}"), fixture("pipeline.json"));

    client.createPipeline("gitlab-org/gitlab", "master", Map.of("PDM_RUN", "run-8"))
        .onComplete(context.failing(failure -> context.verify(() -> {
          assertThat(((GitLabException) failure).error().refusedUnprocessed()).isTrue();
          assertThat(gitLab.count("POST", "/api/v4" + PROJECT + "/pipeline")).isEqualTo(1);
          context.completeNow();
        })));
  }

  @Test
  void neverSendsAWriteRejectedByGitLabAgain(VertxTestContext context) {
    gitLab.on("POST", PROJECT + "/issues/3/notes", json(400, "{\"error\":\"body is missing\"}"));

    client.createIssueNote("gitlab-org/gitlab", 3, "ran <!-- pdm:1 -->", "<!-- pdm:1 -->")
        .onComplete(context.failing(failure -> context.verify(() -> {
          assertThat(((GitLabException) failure).error().message()).isEqualTo("body is missing");
          assertThat(gitLab.count("POST", "/api/v4" + PROJECT + "/issues/3/notes")).isEqualTo(1);
          context.completeNow();
        })));
  }

  @Test
  void findsADeploymentMadeByAFailedCreateAboveTheIdSeenBefore(VertxTestContext context) {
    String older = "{\"id\":41,\"sha\":\"a91957a858320c0e17f3a0eca7cfacbff50ea29a\",\"ref\":\"master\"}";
    gitLab.on("GET", PROJECT + "/deployments", json(200, "[" + older + "]"),
            json(200, "[" + ScriptedGitLab.fixtureText("deployment.json") + "," + older + "]"))
        .on("POST", PROJECT + "/deployments", silence());

    client.createDeployment("gitlab-org/gitlab", "db/gstg", "a91957a858320c0e17f3a0eca7cfacbff50ea29a", "master",
            false, org.gitlab4j.models.Constants.DeploymentStatus.SUCCESS)
        .onComplete(context.succeeding(deployment -> context.verify(() -> {
          assertThat(deployment.getId()).isEqualTo(42L);
          assertThat(gitLab.count("POST", "/api/v4" + PROJECT + "/deployments")).isEqualTo(1);
          context.completeNow();
        })));
  }

  @Test
  void answersARepeatedReadFromTheEtagCacheWhenGitLabSaysNotModified(VertxTestContext context) {
    gitLab.on("GET", PROJECT + "/merge_requests/1", fixture("merge-request.json", "ETag", "W/\"v1\""),
        json(304, ""));

    client.mergeRequest("gitlab-org/gitlab", 1)
        .compose(first -> client.mergeRequest("gitlab-org/gitlab", 1).map(second -> Map.entry(first, second)))
        .onComplete(context.succeeding(both -> context.verify(() -> {
          assertThat(both.getValue().getTitle()).isEqualTo(both.getKey().getTitle()).isNotBlank();
          assertThat(gitLab.seen().get(1).ifNoneMatch()).isEqualTo("W/\"v1\"");
          context.completeNow();
        })));
  }

  @Test
  void readsEveryPageFollowingXNextPageThenLink(VertxTestContext context) {
    String issue = ScriptedGitLab.fixtureText("issue.json");
    gitLab.on("GET", PROJECT + "/issues",
        json(200, "[" + issue + "]", "X-Next-Page", "2"),
        json(200, "[" + issue + "," + issue + "]", "Link",
            "<" + "http://x/api/v4/projects/1/issues?page=3&per_page=100&state=opened>; rel=\"next\""),
        json(200, "[" + issue + "]", "X-Next-Page", ""));

    client.issues("gitlab-org/gitlab", "opened", Optional.of("incident"), java.util.List.of("severity::1")).all()
        .onComplete(context.succeeding(issues -> context.verify(() -> {
          assertThat(issues).hasSize(4);
          assertThat(gitLab.seen()).extracting(ScriptedGitLab.Seen::query)
              .containsExactly("state=opened&issue_type=incident&labels=severity%3A%3A1&per_page=100",
                  "state=opened&issue_type=incident&labels=severity%3A%3A1&per_page=100&page=2",
                  "page=3&per_page=100&state=opened");
          context.completeNow();
        })));
  }

  @Test
  void tailsAJobTraceFromAByteOffset(VertxTestContext context) {
    gitLab.on("GET", PROJECT + "/jobs/7/trace",
        request -> request.response().setStatusCode(206).end("more log\n"),
        request -> request.response().setStatusCode(200).end("0123456789new"),
        request -> request.response().setStatusCode(416).end());

    client.jobTrace("gitlab-org/gitlab", 7, 100)
        .compose(partial -> client.jobTrace("gitlab-org/gitlab", 7, 10).map(full -> Map.entry(partial, full)))
        .compose(two -> client.jobTrace("gitlab-org/gitlab", 7, 13).map(none -> java.util.List.of(
            two.getKey(), two.getValue(), none)))
        .onComplete(context.succeeding(traces -> context.verify(() -> {
          assertThat(traces).containsExactly(new JobTrace("more log\n", 109), new JobTrace("new", 13),
              new JobTrace("", 13));
          assertThat(gitLab.seen().get(0).range()).isEqualTo("bytes=100-");
          context.completeNow();
        })));
  }

  @Test
  void countsEveryRequestIncludingRetries(VertxTestContext context) {
    gitLab.on("GET", PROJECT + "/pipelines", json(500, "{}"), json(200, "[]"));

    client.pipelines("gitlab-org/gitlab", Optional.of("master"), Optional.of(PipelineStatus.RUNNING), Optional.empty())
        .all().onComplete(context.succeeding(none -> context.verify(() -> {
          assertThat(client.requestRate().total()).isEqualTo(2);
          assertThat(client.requestRate().lastMinute()).isEqualTo(2);
          context.completeNow();
        })));
  }
}
