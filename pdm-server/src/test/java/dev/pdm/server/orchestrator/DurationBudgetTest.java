package dev.pdm.server.orchestrator;

import static dev.pdm.server.testing.SandboxedPdm.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.sandbox.SandboxSnapshots.DeploymentSnapshot;
import dev.pdm.server.testing.SandboxedPdm;
import dev.pdm.server.testing.WithSandboxedPdm;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Duration budgets and the lock others can see, against the simulated GitLab: a production migration much slower than
 * on staging is announced once as running long with its staging duration, and never stopped; while it runs a
 * deployment on db/gprd is running and the lock endpoint says so.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 4, timeUnit = TimeUnit.MINUTES)
class DurationBudgetTest extends WithSandboxedPdm {
  private static final String SLOW = "20241108150000";

  @Test
  void aProductionMigrationMuchSlowerThanOnStagingIsAnnouncedOnceWithItsStagingDurationAndFinishes(Vertx vertx)
      throws Exception {
    pdm = join(SandboxedPdm.start(vertx, "slow-production-migration", "budgets: {factor: 5, floor_seconds: 60}\n"));
    String runId = join(pdm.post("/api/v1/runs", new JsonObject())).bodyAsJsonObject().getString("id");

    JsonObject locked = awaitLocked(vertx);
    List<DeploymentSnapshot> whileMigrating = dbDeployments("db/gprd");
    JsonObject overview = join(pdm.get("/api/v1/pending?env=gprd&fresh=true")).bodyAsJsonObject();
    JsonObject run = join(pdm.settled(runId));

    assertThat(run.getString("status")).isEqualTo("succeeded");
    assertThat(locked.getString("stage_id")).isEqualTo("migrate-gprd");
    assertThat(whileMigrating).filteredOn(d -> d.status().equals("running")).hasSize(1);
    JsonArray announced = SandboxedPdm.currentAttempt(run, "migrate-gprd").getJsonArray("running_long");
    assertThat(announced).hasSize(1);
    assertThat(announced.getJsonObject(0).getString("version")).isEqualTo(SLOW);
    assertThat(announced.getJsonObject(0).getDouble("staging_seconds")).isBetween(3.5, 3.6);
    assertThat(announced.getJsonObject(0).getDouble("budget_seconds")).isEqualTo(60.0);
    List<String> chat = pdm.gitLab().chatMessages().stream().map(m -> m.payload().encode()).toList();
    assertThat(chat).filteredOn(m -> m.contains("RUNNING LONG")).singleElement()
        .satisfies(m -> assertThat(m).contains(SLOW + " AddIndexIssuesOnClosedAt has been running for", "on staging",
            "pdm does not stop it"));
    assertThat(SandboxedPdm.currentAttempt(run, "migrate-gstg").getJsonArray("running_long")).isEmpty();
    JsonObject expected = overview.getJsonArray("environments").getJsonObject(0).getJsonObject("pending")
        .getJsonArray("migrations").stream().map(JsonObject.class::cast)
        .filter(m -> m.getJsonObject("file").getString("version").equals(SLOW)).findFirst().orElseThrow();
    assertThat(expected.getDouble("staging_seconds")).as("the expected duration, shown before production").isBetween(3.5, 3.6);
    assertThat(expected.getDouble("budget_seconds")).isEqualTo(60.0);
    assertThat(expected.getJsonObject("risk").getJsonArray("flags").encode()).contains("takes a lock on the existing table issues");
  }

  @Test
  void keepsEachMigrationsDurationsOnStagingAndProduction(Vertx vertx) throws Exception {
    pdm = join(SandboxedPdm.start(vertx, "slow-production-migration", ""));
    String runId = join(pdm.post("/api/v1/runs", new JsonObject())).bodyAsJsonObject().getString("id");
    join(pdm.settled(runId));

    // The end of the production job's log, with the last durations, is read as the run ends: wait for it.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    JsonObject all = join(pdm.get("/api/v1/migration-durations")).bodyAsJsonObject();
    while (all.getJsonArray("durations").size() < 10 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      all = join(pdm.get("/api/v1/migration-durations")).bodyAsJsonObject();
    }
    JsonObject history = join(pdm.get("/api/v1/migration-durations?version=" + SLOW)).bodyAsJsonObject();

    JsonObject slow = history.getJsonArray("migrations").getJsonObject(0);
    assertThat(slow.getString("class_name")).isEqualTo("AddIndexIssuesOnClosedAt");
    assertThat(slow.getDouble("staging_seconds")).isBetween(3.5, 3.6);
    assertThat(slow.getDouble("production_seconds")).isBetween(900.0, 900.1);
    assertThat(history.getJsonArray("durations")).hasSize(2);
    assertThat(all.getJsonArray("migrations")).hasSize(5);
    assertThat(all.getJsonArray("durations")).hasSize(10);
  }

  @Test
  void aRunningDeploymentBecomesTheSuccessRecordOrEndsFailedNeverASecondOne(Vertx vertx) throws Exception {
    pdm = join(SandboxedPdm.start(vertx, "production-migration-fails", ""));
    String runId = join(pdm.post("/api/v1/runs", new JsonObject())).bodyAsJsonObject().getString("id");

    JsonObject run = join(pdm.settled(runId));
    JsonObject lock = join(pdm.get("/api/v1/lock?environment=gprd")).bodyAsJsonObject();

    assertThat(run.getString("status")).isEqualTo("waiting_for_decision");
    String sha = run.getJsonObject("state").getJsonObject("run").getJsonObject("package_snapshot").getJsonArray("packages")
        .stream().map(JsonObject.class::cast).filter(p -> p.getString("environment").equals("gprd"))
        .findFirst().orElseThrow().getString("sha");
    assertThat(dbDeployments("db/gstg")).filteredOn(d -> d.sha().equals(sha)).extracting(DeploymentSnapshot::status)
        .containsExactly("success");
    assertThat(awaitStatuses(vertx, "db/gprd", sha, "failed")).containsExactly("failed");
    assertThat(lock.getBoolean("locked")).isFalse();
    assertThat(lock.getString("reason")).contains("no post-deploy migration is running");
  }

  private List<DeploymentSnapshot> dbDeployments(String environment) {
    return pdm.gitLab().deployments("gitlab-org/gitlab").stream().filter(d -> d.environment().equals(environment)).toList();
  }

  /** The lock's closing is a command of its own: waits until the deployment has left {@code running}. */
  private List<String> awaitStatuses(Vertx vertx, String environment, String sha, String expected) throws Exception {
    List<String> statuses = List.of();
    for (int i = 0; i < 300 && !statuses.contains(expected); i++) {
      join(vertx.timer(100));
      statuses = dbDeployments(environment).stream().filter(d -> d.sha().equals(sha)).map(DeploymentSnapshot::status).toList();
    }
    return statuses;
  }

  private JsonObject awaitLocked(Vertx vertx) throws Exception {
    for (int i = 0; i < 600; i++) {
      JsonObject lock = join(pdm.get("/api/v1/lock?environment=gprd")).bodyAsJsonObject();
      if (lock.getBoolean("locked") && "RUNNING".equals(lock.getString("stage_status"))
          && dbDeployments("db/gprd").stream().anyMatch(d -> d.status().equals("running"))) {
        return lock;
      }
      join(vertx.timer(100));
    }
    throw new AssertionError("gprd was never locked while its migration ran");
  }
}
