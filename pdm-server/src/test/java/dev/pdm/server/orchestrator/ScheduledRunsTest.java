package dev.pdm.server.orchestrator;

import static dev.pdm.server.testing.SandboxedPdm.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.sandbox.SandboxOptions;
import dev.pdm.server.testing.SandboxedPdm;
import dev.pdm.server.testing.WithSandboxedPdm;
import dev.pdm.server.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scheduled runs, against the simulated GitLab on a still clock that the test moves to the firing: one firing starts
 * a run as pdm-scheduler, one is skipped for a failing check; both are recorded with what they were decided from.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
class ScheduledRunsTest extends WithSandboxedPdm {
  private static final String NIGHTLY = """
      schedule:
        auto_execute: {cron: "0 3 * * 2-4", time_zone: UTC}
      """;

  private String firingAt;

  private void start(Vertx vertx) throws Exception {
    pdm = join(SandboxedPdm.start(vertx, SandboxOptions.defaults().withScenario("scheduled-firing").withManualClock(),
        Optional.of(NIGHTLY), TestDatabase.fresh()));
    firingAt = pdm.gitLab().clock().now().plus(Duration.ofMinutes(5)).toString();
  }

  /** Moves the still clock past the firing, then waits for the firing to be decided. */
  private JsonObject fire(Vertx vertx) throws Exception {
    join(pdm.advance(Duration.ofMinutes(5).plusSeconds(1)));
    for (int i = 0; i < 300; i++) {
      JsonArray firings = join(pdm.get("/api/v1/schedule")).bodyAsJsonObject().getJsonArray("firings");
      if (!firings.isEmpty() && !"deciding".equals(firings.getJsonObject(0).getString("outcome"))) {
        return firings.getJsonObject(0);
      }
      join(vertx.timer(100));
    }
    throw new AssertionError("the firing at " + firingAt + " was never decided");
  }

  @Test
  void aFiringWithSomethingPendingAndEveryCheckPassingStartsARunAsThePdmScheduler(Vertx vertx) throws Exception {
    start(vertx);
    JsonObject before = join(pdm.get("/api/v1/schedule")).bodyAsJsonObject();

    JsonObject firing = fire(vertx);
    JsonObject run = join(pdm.get("/api/v1/runs/" + firing.getString("run_id"))).bodyAsJsonObject();
    JsonArray events = join(pdm.get("/api/v1/runs/" + firing.getString("run_id") + "/events")).bodyAsJsonObject()
        .getJsonArray("events");

    assertThat(before.getJsonObject("auto_execute").getString("next_firing_at")).isEqualTo(firingAt);
    assertThat(firing.getString("fired_for")).isEqualTo(firingAt);
    assertThat(firing.getString("outcome")).isEqualTo("started");
    assertThat(firing.getJsonObject("inputs").getJsonObject("pending").getJsonArray("gprd")).hasSize(4);
    assertThat(run.getString("requested_by")).isEqualTo("pdm-scheduler");
    assertThat(run.getJsonArray("audit").getJsonObject(0).getString("actor")).isEqualTo("pdm-scheduler");
    assertThat(events.stream().map(JsonObject.class::cast).map(e -> e.getString("type"))).contains("ScheduleDecision");
  }

  @Test
  void aFiringIsSkippedForAFailingCheckAndRecordsWhyWithTheIncident(Vertx vertx) throws Exception {
    start(vertx);
    int opened = join(pdm.gitLab().state() == null ? null : io.vertx.ext.web.client.WebClient.create(vertx)
        .postAbs(pdm.gitLab().apiUrl() + "/projects/7444821/issues").putHeader("PRIVATE-TOKEN", pdm.gitLab().token())
        .sendJsonObject(new JsonObject().put("title", "Elevated 500s on the API fleet").put("issue_type", "incident")
            .put("labels", "incident,severity::2"))).statusCode();

    JsonObject firing = fire(vertx);
    JsonObject runs = join(pdm.get("/api/v1/runs")).bodyAsJsonObject();

    assertThat(opened).isEqualTo(201);
    assertThat(firing.getString("outcome")).isEqualTo("skipped");
    assertThat(firing.getString("reason")).contains("production checks do not pass", "active-incidents FAIL",
        "Elevated 500s on the API fleet");
    assertThat(firing.getValue("run_id")).isNull();
    assertThat(firing.getJsonObject("inputs").getJsonObject("checks").getJsonArray("gprd").encode())
        .contains("\"incidents\":[\"gitlab-com/gl-infra/production#3\"]");
    assertThat(runs.getJsonArray("runs")).as("a skipped firing starts nothing").isEmpty();
  }
}
