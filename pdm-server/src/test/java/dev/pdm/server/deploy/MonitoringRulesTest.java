package dev.pdm.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.pdm.sandbox.SandboxOptions;
import dev.pdm.server.metrics.PdmMetrics;
import dev.pdm.server.testing.PrometheusScrape;
import dev.pdm.server.testing.SandboxedPdm;
import dev.pdm.server.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus/alerts.yaml and deploy/grafana/pdm-dashboard.json against a real scrape: pdm after a staging
 * migration failed and the run waits for a decision. Every rule is well-formed and every metric a rule or a panel
 * reads is one pdm exports; the stage-failed alert's series is there to fire.
 */
class MonitoringRulesTest {
  private static final Path DEPLOY = Path.of(System.getProperty("user.dir")).getParent().resolve("deploy");
  private static final Pattern DURATION = Pattern.compile("\\d+[smhd]");
  private static final Set<String> PROMQL_WORDS = Set.of("sum", "min", "max", "avg", "count", "rate", "increase",
      "irate", "absent", "histogram_quantile", "by", "without", "or", "and", "unless", "on", "ignoring", "bool",
      "group_left", "group_right", "offset");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final PdmMetrics METRICS = new PdmMetrics();
  private static Vertx vertx;
  private static SandboxedPdm pdm;
  private static PrometheusScrape scrape;

  @BeforeAll
  static void aFailedStagingMigrationWaitingForADecision() throws Exception {
    vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
        .withMetrics(METRICS.vertxMetricsFactory()).build();
    pdm = await(SandboxedPdm.start(vertx, SandboxOptions.defaults().withScenario("staging-migration-fails")
        .withSpeed(SandboxedPdm.SPEED), Optional.empty(), TestDatabase.fresh(), METRICS));
    JsonObject run = await(pdm.settled(await(pdm.post("/api/v1/runs", new JsonObject())).bodyAsJsonObject()
        .getString("id")));
    assertThat(run.getString("status")).isEqualTo("waiting_for_decision");
    // The failed job's log is read on the next poll, which may come after the run already waits.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    scrape = new PrometheusScrape(await(pdm.get("/metrics")).bodyAsString());
    while (!scrape.names().contains("pdm_migration_duration_seconds_bucket") && System.nanoTime() < deadline) {
      Thread.sleep(250);
      scrape = new PrometheusScrape(await(pdm.get("/metrics")).bodyAsString());
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (pdm != null) {
      await(pdm.close());
    }
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(150, TimeUnit.SECONDS);
  }

  /** The metric names a PromQL expression reads: identifiers that are not functions, keywords, labels or values. */
  static Set<String> metricsIn(String expr) {
    String bare = expr.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ")
        .replaceAll("(by|without|on|ignoring)\\s*\\([^)]*\\)", " ").replaceAll("\"[^\"]*\"", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(bare);
    while (m.find()) {
      if (!PROMQL_WORDS.contains(m.group()) && !Character.isDigit(m.group().charAt(0))) {
        names.add(m.group());
      }
    }
    return names;
  }

  private static void balanced(String expr) {
    int depth = 0;
    for (char c : expr.toCharArray()) {
      depth += "({[".indexOf(c) >= 0 ? 1 : ")}]".indexOf(c) >= 0 ? -1 : 0;
      assertThat(depth).as(expr).isGreaterThanOrEqualTo(0);
    }
    assertThat(depth).as(expr).isZero();
  }

  /** A series as Prometheus stores it: histograms' _bucket/_count/_sum are in the scrape under those names. */
  private static void exported(String metric, String where) {
    assertThat(scrape.names()).as(where + " reads " + metric + ", which pdm must export").contains(metric);
  }

  @Test
  void everyAlertRuleIsWellFormedAndReadsOnlyMetricsPdmExports() throws Exception {
    JsonNode file = new YAMLMapper().readTree(DEPLOY.resolve("prometheus/alerts.yaml").toFile());
    List<String> alerts = new ArrayList<>();
    for (JsonNode group : file.get("groups")) {
      assertThat(group.get("name").asText()).isNotBlank();
      for (JsonNode rule : group.get("rules")) {
        String alert = rule.get("alert").asText();
        alerts.add(alert);
        for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) rule::fields) {
          assertThat(field.getKey()).as(alert).isIn("alert", "expr", "for", "labels", "annotations");
        }
        String expr = rule.get("expr").asText();
        balanced(expr);
        if (rule.has("for")) {
          assertThat(rule.get("for").asText()).as(alert).matches(DURATION);
        }
        assertThat(rule.get("labels").get("severity").asText()).as(alert).isIn("page", "ticket");
        assertThat(rule.get("annotations").get("summary").asText()).as(alert).isNotBlank();
        assertThat(metricsIn(expr)).as(alert).isNotEmpty().allSatisfy(metric -> exported(metric, alert));
      }
    }
    assertThat(alerts).contains("PdmStageFailed", "PdmRunWaitingForDecision", "PdmNoReplicaDriving",
        "PdmGitLabErrors", "PdmWebhookFailures");
  }

  @Test
  void theStageFailedAndWaitingForDecisionAlertsHaveTheirSeries() {
    assertThat(scrape.sum("pdm_stage_duration_seconds_count", "stage", "migrate-gstg", "outcome", "failed"))
        .isEqualTo(1);
    assertThat(scrape.sum("pdm_runs_finished_total")).as("the run has not ended: it waits").isZero();
    assertThat(scrape.samples("pdm_runs_waiting_for_decision_longest_seconds")).hasSize(1);
  }

  @Test
  void everyDashboardPanelReadsOnlyMetricsPdmExports() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(DEPLOY.resolve("grafana/pdm-dashboard.json").toFile());
    assertThat(dashboard.get("uid").asText()).isNotBlank();
    int targets = 0;
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        String expr = target.get("expr").asText();
        balanced(expr);
        metricsIn(expr).forEach(metric -> exported(metric, panel.get("title").asText()));
        targets++;
      }
    }
    assertThat(targets).isGreaterThan(15);
  }

  @Test
  void theMetricNamesOfAnExpressionAreFoundWithoutItsFunctionsLabelsAndRanges() {
    assertThat(metricsIn("sum by (le, stage) (rate(pdm_stage_duration_seconds_bucket{outcome=\"x\"}[5m])) > 0 "
        + "or absent(pdm_orchestrator_last_tick_age_seconds) > 30 * 60"))
        .containsExactly("pdm_orchestrator_last_tick_age_seconds", "pdm_stage_duration_seconds_bucket");
  }
}
