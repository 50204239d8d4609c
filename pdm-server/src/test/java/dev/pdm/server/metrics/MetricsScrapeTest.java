package dev.pdm.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.sandbox.SandboxOptions;
import dev.pdm.server.testing.PrometheusScrape;
import dev.pdm.server.testing.SandboxedPdm;
import dev.pdm.server.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GET /metrics after a sandbox run: every metric pdm lists is there, with values the run explains. */
class MetricsScrapeTest {
  private static final String METRICS_TOKEN = "scrape-token-0123456789";
  private final PdmMetrics metrics = new PdmMetrics();
  private final Vertx vertx = Vertx.builder()
      .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
      .withMetrics(metrics.vertxMetricsFactory()).build();
  private SandboxedPdm pdm;

  @AfterEach
  void stop() throws Exception {
    // Awaited one after the other: a callback of pdm's close cannot run on a closing Vert.x.
    if (pdm != null) {
      pdm.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  @Test
  void afterAHappyRunEveryPdmMetricIsScrapedWithPlausibleValues() throws Exception {
    pdm = await(SandboxedPdm.start(vertx, SandboxOptions.defaults().withScenario("happy")
        .withSpeed(SandboxedPdm.SPEED), Optional.of("metrics:\n  token: " + METRICS_TOKEN + "\n"),
        TestDatabase.fresh(), metrics));
    JsonObject created = await(pdm.post("/api/v1/runs", new JsonObject())).bodyAsJsonObject();
    JsonObject run = await(pdm.settled(created.getString("id")));
    assertThat(run.getString("status")).isEqualTo("succeeded");
    WebClient client = WebClient.create(vertx);

    var anonymous = await(client.get(pdm.port(), "127.0.0.1", "/metrics").send());
    var wrong = await(client.get(pdm.port(), "127.0.0.1", "/metrics").bearerTokenAuthentication("nope").send());
    assertThat(List.of(anonymous.statusCode(), wrong.statusCode())).containsOnly(401);
    assertThat(await(pdm.get("/metrics")).statusCode()).as("a pdm API token may scrape too").isEqualTo(200);
    var scraped = await(client.get(pdm.port(), "127.0.0.1", "/metrics").bearerTokenAuthentication(METRICS_TOKEN)
        .send());
    assertThat(scraped.statusCode()).isEqualTo(200);
    assertThat(scraped.getHeader("content-type")).startsWith("text/plain; version=0.0.4");
    PrometheusScrape scrape = new PrometheusScrape(scraped.bodyAsString());

    for (PdmMetric metric : PdmMetric.values()) {
      String name = metric.type().equals("histogram") ? metric.prometheus() + "_count" : metric.prometheus();
      assertThat(scrape.names()).as(metric.name()).contains(name);
    }
    assertThat(scrape.sum("pdm_runs_finished_total", "outcome", "succeeded")).as("the run, counted once")
        .isEqualTo(1);
    assertThat(scrape.sum("pdm_runs_finished_total", "outcome", "failed")).isZero();
    for (String stage : List.of("migrate-gstg", "qa-gstg", "migrate-gprd")) {
      assertThat(scrape.sum("pdm_stage_duration_seconds_count", "stage", stage, "outcome", "succeeded"))
          .as(stage).isEqualTo(1);
      assertThat(scrape.sum("pdm_stage_duration_seconds_sum", "stage", stage)).as(stage).isPositive();
    }
    assertThat(scrape.sum("pdm_migration_duration_seconds_count", "environment", "gstg"))
        .as("the happy scenario's four migrations, read from the job log").isEqualTo(4);
    assertThat(scrape.sum("pdm_migration_duration_seconds_sum", "environment", "gstg")).isPositive();
    assertThat(scrape.sum("pdm_gitlab_requests_seconds_count")).isGreaterThan(20);
    assertThat(scrape.sum("pdm_gitlab_requests_seconds_count", "endpoint", "pipelines", "method", "POST",
        "status", "201")).as("three pipelines triggered").isEqualTo(3);
    assertThat(scrape.sum("pdm_gitlab_requests_seconds_sum")).isPositive();
    assertThat(scrape.sum("pdm_gitlab_rate_limit_remaining")).isBetween(0.0, 2000.0);
    assertThat(scrape.sum("pdm_webhook_deliveries_total", "result", "accepted")).isPositive();
    assertThat(scrape.sum("pdm_commands_executed_total", "kind", "TriggerPipeline", "result", "succeeded"))
        .isEqualTo(3);
    assertThat(scrape.samples("pdm_command_retries_total", "kind", "TriggerPipeline"))
        .as("a series for every command kind from the start").hasSize(1);
    assertThat(scrape.sum("pdm_pending_migrations", "environment", "gprd")).isGreaterThanOrEqualTo(0);
    assertThat(scrape.samples("pdm_check_passing", "environment", "gprd")).isNotEmpty();
    assertThat(scrape.sum("pdm_check_verdicts_total")).isPositive();
    assertThat(scrape.samples("pdm_runs_active", "status", "waiting_for_decision")).hasSize(1);
    assertThat(scrape.sum("pdm_orchestrator_last_tick_age_seconds")).isBetween(0.0, 15.0);
    assertThat(scrape.samples("pdm_orchestrator_leases_held")).singleElement()
        .satisfies(s -> assertThat(s.labels().get("replica")).startsWith("replica-"));
    assertThat(scrape.names()).as("JVM and Vert.x basics")
        .contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_uptime_seconds",
            "vertx_http_server_requests_total", "vertx_http_client_requests_total");
    assertThat(scraped.bodyAsString()).doesNotContain(METRICS_TOKEN).doesNotContain(pdm.gitLab().token());
  }

  @Test
  void onItsOwnPortMetricsAreServedThereAndNotOnTheApiPort() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    pdm = await(SandboxedPdm.start(vertx, SandboxOptions.defaults().withScenario("happy"),
        Optional.of("metrics:\n  port: " + port + "\n"), TestDatabase.fresh(), metrics));
    WebClient client = WebClient.create(vertx);
    var separate = await(client.get(port, "127.0.0.1", "/metrics").send());
    var elsewhere = await(client.get(port, "127.0.0.1", "/api/v1/runs").send());
    var onApiPort = await(pdm.get("/metrics"));
    assertThat(separate.statusCode()).isEqualTo(200);
    assertThat(separate.bodyAsString()).contains("pdm_orchestrator_leases_held");
    assertThat(elsewhere.statusCode()).isEqualTo(404);
    assertThat(onApiPort.statusCode()).isNotEqualTo(200);
  }
}
