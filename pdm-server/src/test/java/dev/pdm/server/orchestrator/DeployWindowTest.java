package dev.pdm.server.orchestrator;

import static dev.pdm.server.testing.SandboxedPdm.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.server.testing.SandboxedPdm;
import dev.pdm.server.testing.WithSandboxedPdm;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Deploy windows, against the simulated GitLab on a Saturday: the weekend freeze blocks production until overridden. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
class DeployWindowTest extends WithSandboxedPdm {
  private static final String WEEKEND_FREEZE = """
      schedule:
        deny_windows:
          - {name: weekend freeze, from: "Fri 18:00", to: "Mon 06:00", time_zone: UTC}
      """;

  @Test
  void aRunIsRefusedProductionInsideADenyWindowAndGoesOnWithAnOverride(Vertx vertx) throws Exception {
    pdm = join(SandboxedPdm.start(vertx, "deny-window", WEEKEND_FREEZE));
    String monday = mondayAfter(pdm.gitLab().clock().now());
    JsonObject checks = join(pdm.get("/api/v1/checks?env=gprd&fresh=true")).bodyAsJsonObject();
    String runId = join(pdm.post("/api/v1/runs", new JsonObject())).bodyAsJsonObject().getString("id");

    JsonObject blocked = join(pdm.settled(runId));
    int refused = join(pdm.post("/api/v1/runs/" + runId + "/stages/migrate-gprd/override", new JsonObject())).statusCode();
    int overridden = join(pdm.post("/api/v1/runs/" + runId + "/stages/migrate-gprd/override",
        new JsonObject().put("reason", "CR 4711: the freeze is lifted for this migration"))).statusCode();
    JsonObject done = join(pdm.settled(runId));

    JsonObject window = checks.getJsonArray("environments").getJsonObject(0).getJsonObject("checks").getJsonArray("results")
        .stream().map(JsonObject.class::cast).filter(r -> r.getString("check").equals("deploy-window")).findFirst().orElseThrow();
    assertThat(window.getString("verdict")).isEqualTo("FAIL");
    assertThat(window.getJsonObject("inputs").getJsonArray("next_allowed_at")).containsExactly(monday);
    assertThat(blocked.getString("status")).isEqualTo("blocked");
    assertThat(SandboxedPdm.stage(blocked, "migrate-gstg").getString("status")).as("staging is in no window").isEqualTo("SUCCEEDED");
    JsonObject verdict = SandboxedPdm.stage(blocked, "migrate-gprd").getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("name").equals("deploy-window")).findFirst().orElseThrow();
    assertThat(verdict.getString("outcome")).isEqualTo("FAIL");
    assertThat(verdict.getJsonArray("reasons").getString(0)).contains("Inside deny window 'weekend freeze'",
        "allowed again at " + monday);
    assertThat(verdict.getJsonObject("inputs").getJsonArray("window")).containsExactly("weekend freeze");
    assertThat(refused).as("an override needs a reason").isEqualTo(400);
    assertThat(overridden).isEqualTo(202);
    assertThat(done.getString("status")).isEqualTo("succeeded");
    assertThat(done.getJsonObject("state").getJsonObject("run").getJsonArray("decisions").encode())
        .contains("CHECKS_OVERRIDDEN", "CR 4711");
  }

  private static String mondayAfter(Instant saturday) {
    return saturday.atZone(ZoneOffset.UTC).with(TemporalAdjusters.next(DayOfWeek.MONDAY)).with(LocalTime.of(6, 0)).toInstant()
        .toString();
  }

  @Test
  void outsideEveryWindowTheCheckPassesAndNamesTheNextWindow(Vertx vertx) throws Exception {
    pdm = join(SandboxedPdm.start(vertx, "scheduled-firing", WEEKEND_FREEZE));

    JsonObject schedule = join(pdm.get("/api/v1/schedule")).bodyAsJsonObject();

    JsonObject gprd = schedule.getJsonArray("environments").stream().map(JsonObject.class::cast)
        .filter(e -> e.getString("name").equals("gprd")).findFirst().orElseThrow();
    assertThat(gprd.containsKey("inside")).isFalse();
    Instant friday = pdm.gitLab().clock().now().atZone(ZoneOffset.UTC).with(TemporalAdjusters.next(DayOfWeek.FRIDAY))
        .with(LocalTime.of(18, 0)).toInstant();
    assertThat(gprd.getJsonObject("next_window").getString("starts_at")).isEqualTo(friday.toString());
    assertThat(schedule.getJsonArray("deny_windows").getJsonObject(0).getString("rule")).isEqualTo("Fri 18:00 to Mon 06:00 UTC");
  }
}
