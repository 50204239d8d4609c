package dev.pdm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The default speed makes a whole demo run (staging migrations, QA, production migrations)
 * take about a minute of wall time: measured here in simulated time on the manual clock.
 */
class DemoTimingTest {

  @Test
  void aStagingQaProductionRunTakesAboutAMinuteAtTheDefaultSpeed() {
    try (RunningSandbox running = RunningSandbox.start("happy")) {
      Http http = new Http(running.sandbox.apiUrl(), running.sandbox.token());
      Duration total = Duration.ZERO;
      for (String[] step : new String[][] {{"11437", "DEPLOY_ENVIRONMENT", "gstg"},
          {"14290", "QA_ENVIRONMENT", "gstg"}, {"11437", "DEPLOY_ENVIRONMENT", "gprd"}}) {
        JsonNode created = Http.parse(http.post("/projects/" + step[0] + "/pipeline",
            "{\"ref\":\"master\",\"variables\":[{\"key\":\"" + step[1] + "\",\"value\":\""
                + step[2] + "\"}]}").body());
        running.runUntilIdle();
        JsonNode done = http.json("/projects/" + step[0] + "/pipelines/"
            + created.get("id").asLong());
        assertThat(done.get("status").asText()).isEqualTo("success");
        total = total.plus(Duration.between(Instant.parse(done.get("created_at").asText()),
            Instant.parse(done.get("finished_at").asText())));
      }

      double wallSeconds = total.toMillis() / 1000.0 / SandboxOptions.DEFAULT_SPEED;

      assertThat(total).isBetween(Duration.ofMinutes(6), Duration.ofMinutes(10));
      assertThat(wallSeconds).isBetween(45.0, 75.0);
    }
  }
}
