package dev.pdm.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.gitlab.GitLabExchange;
import dev.pdm.server.orchestrator.Orchestrator;
import dev.pdm.server.testing.SandboxedPdm;
import dev.pdm.server.testing.TestPools;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** /health, /health/ready and /health/live: what Kubernetes and a person learn about a replica. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class HealthTest {

  private static JsonObject check(JsonObject report, String name) {
    return report.getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> name.equals(c.getString("name"))).findFirst().orElseThrow(() -> new AssertionError(
            "no check " + name + " in " + report.encode()));
  }

  @Test
  void aDrivingReplicaIsLiveAndReadyAndSaysWhoDrivesWhat(Vertx vertx, VertxTestContext test) {
    SandboxedPdm.start(vertx, "happy").compose(pdm -> Future.all(pdm.get("/health"), pdm.get("/health/ready"),
            pdm.get("/health/live"))
        .onComplete(test.succeeding(all -> test.verify(() -> {
          for (int i = 0; i < 3; i++) {
            assertThat(all.<io.vertx.ext.web.client.HttpResponse<?>>resultAt(i).statusCode()).isEqualTo(200);
          }
          JsonObject health = all.<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>resultAt(0)
              .bodyAsJsonObject();
          assertThat(health.getString("status")).isEqualTo("UP");
          assertThat(check(health, "database").getString("status")).isEqualTo("UP");
          assertThat(check(health, "schema").getString("status")).isEqualTo("UP");
          JsonObject orchestrator = check(health, "orchestrator");
          assertThat(orchestrator.getString("status")).isEqualTo("UP");
          assertThat(orchestrator.getString("replica")).startsWith("replica-");
          assertThat(orchestrator.getInteger("leases_held")).isZero();
          assertThat(check(health, "gitlab").getString("status")).isEqualTo("UP");
          assertThat(health.encode()).doesNotContain(pdm.gitLab().token());
        })))
        .eventually(pdm::close)).onComplete(test.succeedingThenComplete());
  }

  @Test
  void manyRequestsShareOneCachedReportAndNeverWaitOnTheDatabase(Vertx vertx, VertxTestContext test) {
    SandboxedPdm.start(vertx, "happy").compose(pdm -> {
      List<Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>> all = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        all.add(pdm.request(io.vertx.core.http.HttpMethod.GET, "/health").send());
      }
      return Future.all(all).onComplete(test.succeeding(done -> test.verify(() -> {
        assertThat(all).allSatisfy(r -> assertThat(r.result().statusCode()).isEqualTo(200));
        assertThat(all.stream().map(r -> r.result().bodyAsJsonObject().getString("checked_at"))
            .collect(Collectors.toSet())).as("reports checked in the background, not per request").hasSizeLessThan(3);
      }))).eventually(pdm::close);
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void anOrchestratorThatStoppedTickingMakesTheReplicaUnreadyWhileGitLabOnlyWarns(Vertx vertx,
      VertxTestContext test) {
    Pool pool = TestPools.pool(vertx, TestPools.migratedUrl());
    Instant stale = Instant.now().minusSeconds(60);
    GitLabReachability gitLab = new GitLabReachability(Clock.systemUTC());
    gitLab.exchanged(new GitLabExchange("GET", "pipelines", 0, Duration.ofSeconds(5), OptionalLong.empty(),
        Optional.empty()));
    HealthMonitor stopped = new HealthMonitor(vertx, pool, "2", Optional.of(() -> new Orchestrator.Status(
        "replica-stopped", Optional.of(stale), 1, Duration.ofSeconds(15))), Optional.of(gitLab), Clock.systemUTC());
    HealthMonitor future = new HealthMonitor(vertx, pool, "99", Optional.empty(), Optional.empty(),
        Clock.systemUTC());
    Future.all(stopped.start(), future.start()).onComplete(test.succeeding(v -> test.verify(() -> {
      stopped.stop();
      future.stop();
      JsonObject report = stopped.report();
      assertThat(report.getString("status")).isEqualTo("DOWN");
      assertThat(check(report, "orchestrator").getString("status")).isEqualTo("DOWN");
      assertThat(check(report, "orchestrator").getString("reason")).contains("has not ticked for")
          .contains("drives no run");
      assertThat(check(report, "gitlab").getString("status")).isEqualTo("WARN");
      assertThat(check(report, "gitlab").getString("reason")).contains("none (timeout or connection failure)");
      assertThat(check(report, "database").getString("status")).isEqualTo("UP");
      assertThat(check(future.report(), "schema").getString("status"))
          .as("a database migrated by an older pdm than this one").isEqualTo("DOWN");
      pool.close();
      test.completeNow();
    })));
  }
}
