package dev.pdm.server.metrics;

import dev.pdm.core.checks.CheckResult;
import dev.pdm.core.checks.ChecksReport;
import dev.pdm.core.gitlab.GitLabExchange;
import dev.pdm.core.gitlab.GitLabRequestListener;
import dev.pdm.core.run.Command;
import dev.pdm.core.run.Run;
import dev.pdm.core.run.RunStatus;
import dev.pdm.core.run.StageSpec;
import dev.pdm.core.triage.MigratedMigration;
import dev.pdm.server.orchestrator.Orchestrator;
import dev.pdm.server.orchestrator.OrchestratorObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Records pdm's metrics ({@link PdmMetric}) in one Prometheus registry, which also carries the JVM's and, when Vert.x
 * was built with {@link #vertxMetricsFactory()}, Vert.x's own. Every recording method is cheap and thread-safe.
 */
public final class PdmMetrics implements GitLabRequestListener, OrchestratorObserver {
  private static final Duration[] GITLAB_BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
      Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};
  private static final double[] STAGE_BUCKETS = {10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400, 28800};
  private static final double[] MIGRATION_BUCKETS = {0.1, 0.5, 1, 5, 10, 30, 60, 300, 600, 1800, 3600, 7200};
  private static final Map<String, String> HOOK_EVENTS = Map.of("Pipeline Hook", "pipeline", "Job Hook", "job",
      "Deployment Hook", "deployment");
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicReference<Double> rateLimitRemaining = new AtomicReference<>(Double.NaN);
  private final Map<String, AtomicLong> pending = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> passing = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> active = new ConcurrentHashMap<>();
  private final AtomicLong decisionWait = new AtomicLong();

  /** A registry with the JVM's metrics and pdm's gauges that need no wiring. */
  public PdmMetrics() {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Gauge.builder(PdmMetric.GITLAB_RATE_LIMIT_REMAINING.meter(), rateLimitRemaining, AtomicReference::get)
        .description(PdmMetric.GITLAB_RATE_LIMIT_REMAINING.help()).register(registry);
    Gauge.builder(PdmMetric.DECISION_WAIT.meter(), decisionWait, AtomicLong::get).baseUnit("seconds")
        .description(PdmMetric.DECISION_WAIT.help()).register(registry);
    // Series that exist from the start, at 0, so that rates and alerts see the first increase.
    commandKinds(Command.class).forEach(kind -> {
      counter(PdmMetric.COMMANDS_EXECUTED, "kind", kind, "result", "succeeded");
      counter(PdmMetric.COMMANDS_EXECUTED, "kind", kind, "result", "failed");
      counter(PdmMetric.COMMAND_RETRIES, "kind", kind);
    });
    for (RunStatus status : RunStatus.values()) {
      if (status.isTerminal()) {
        counter(PdmMetric.RUNS_FINISHED, "outcome", status.name().toLowerCase(Locale.ROOT));
      } else {
        gauge(active, PdmMetric.RUNS_ACTIVE, List.of("status", status.name().toLowerCase(Locale.ROOT)));
      }
    }
    counter(PdmMetric.LIVE_EVENTS_FANNED_OUT);
  }

  /** The simple names of the command records under {@code type}. */
  private static Stream<String> commandKinds(Class<?> type) {
    return type.isRecord() ? Stream.of(type.getSimpleName())
        : Stream.of(type.getPermittedSubclasses()).flatMap(PdmMetrics::commandKinds);
  }

  /** The factory to build Vert.x with, so that its HTTP, pool and event loop metrics land in this registry. */
  public io.vertx.core.spi.VertxMetricsFactory vertxMetricsFactory() {
    return new io.vertx.micrometer.MicrometerMetricsFactory(registry);
  }

  /** The registry's content in Prometheus's text format. */
  public String scrape() {
    return registry.scrape();
  }

  // --- GitLab ---------------------------------------------------------------------------------------------------

  @Override
  public void exchanged(GitLabExchange exchange) {
    Timer.builder(PdmMetric.GITLAB_REQUESTS.meter()).description(PdmMetric.GITLAB_REQUESTS.help())
        .tag("endpoint", exchange.endpoint()).tag("method", exchange.method()).tag("status", exchange.statusLabel())
        .serviceLevelObjectives(GITLAB_BUCKETS)
        .register(registry).record(exchange.duration());
    exchange.rateLimitRemaining().ifPresent(remaining -> rateLimitRemaining.set((double) remaining));
  }

  // --- webhooks and live ----------------------------------------------------------------------------------------

  /** A delivery to {@code /hooks/gitlab} got its answer; {@code event} is the X-Gitlab-Event header, if any. */
  public void webhookDelivered(String event, String result) {
    String kind = event == null ? "none" : HOOK_EVENTS.getOrDefault(event, "other");
    counter(PdmMetric.WEBHOOK_DELIVERIES, "event", kind, "result", result).increment();
  }

  /** Reports the live clients {@code clients} counts, on every scrape. */
  public void watchLiveClients(IntSupplier clients) {
    Gauge.builder(PdmMetric.LIVE_CLIENTS.meter(), clients::getAsInt).description(PdmMetric.LIVE_CLIENTS.help())
        .strongReference(true).register(registry);
  }

  /** One run event was offered to {@code clients} live clients. */
  public void eventFannedOut(int clients) {
    counter(PdmMetric.LIVE_EVENTS_FANNED_OUT).increment(clients);
  }

  // --- orchestrator ---------------------------------------------------------------------------------------------

  /** Reports the orchestrator's leases and tick age, on every scrape. */
  public void watchOrchestrator(Supplier<Orchestrator.Status> status) {
    String replica = status.get().replica();
    Gauge.builder(PdmMetric.LEASES_HELD.meter(), () -> status.get().leasesHeld()).tag("replica", replica)
        .description(PdmMetric.LEASES_HELD.help()).strongReference(true).register(registry);
    Gauge.builder(PdmMetric.LAST_TICK_AGE.meter(), () -> status.get().lastTickAt()
            .map(at -> Duration.between(at, Instant.now()).toMillis() / 1000.0).orElse(Double.POSITIVE_INFINITY))
        .tag("replica", replica).baseUnit("seconds").description(PdmMetric.LAST_TICK_AGE.help())
        .strongReference(true).register(registry);
  }

  @Override
  public void runChanged(Run before, Run after) {
    RunMilestones.runEnded(before, after).ifPresent(end ->
        counter(PdmMetric.RUNS_FINISHED, "outcome", end.name().toLowerCase(Locale.ROOT)).increment());
    for (RunMilestones.FinishedStage finished : RunMilestones.stagesFinished(before, after)) {
      DistributionSummary.builder(PdmMetric.STAGE_DURATION.meter()).description(PdmMetric.STAGE_DURATION.help())
          .baseUnit("seconds").serviceLevelObjectives(STAGE_BUCKETS)
          .tag("stage", finished.stage().id()).tag("environment", finished.stage().spec().environment())
          .tag("outcome", finished.outcome())
          .register(registry).record(finished.took().toMillis() / 1000.0);
    }
  }

  @Override
  public void commandExecuted(String kind, boolean succeeded) {
    counter(PdmMetric.COMMANDS_EXECUTED, "kind", kind, "result", succeeded ? "succeeded" : "failed").increment();
    if (!succeeded) {
      counter(PdmMetric.COMMAND_RETRIES, "kind", kind).increment();
    }
  }

  @Override
  public void migrationsFinished(StageSpec stage, List<MigratedMigration> migrations) {
    DistributionSummary durations = DistributionSummary.builder(PdmMetric.MIGRATION_DURATION.meter())
        .description(PdmMetric.MIGRATION_DURATION.help()).baseUnit("seconds")
        .serviceLevelObjectives(MIGRATION_BUCKETS).tag("environment", stage.environment()).register(registry);
    migrations.forEach(migration -> durations.record(migration.seconds()));
  }

  // --- overview and store ---------------------------------------------------------------------------------------

  /** The overview read how many migrations are pending on an environment. */
  public void pendingMigrations(String environment, int count) {
    gauge(pending, PdmMetric.PENDING_MIGRATIONS, List.of("environment", environment)).set(count);
  }

  /** The overview ran an environment's production checks. */
  public void checksRan(String environment, ChecksReport report) {
    for (CheckResult result : report.results()) {
      counter(PdmMetric.CHECK_VERDICTS, "environment", environment, "check", result.check(), "verdict",
          result.verdict().name().toLowerCase(Locale.ROOT)).increment();
      gauge(passing, PdmMetric.CHECK_PASSING, List.of("environment", environment, "check", result.check()))
          .set(result.passed() ? 1 : 0);
    }
  }

  /** The runs not yet ended, by status, and how long the longest waiting for a decision has waited. */
  public void activeRuns(Map<String, Long> byStatus, Duration longestDecisionWait) {
    active.forEach((key, count) -> count.set(byStatus.getOrDefault(key.substring(key.indexOf('\u0000') + 1), 0L)));
    byStatus.forEach((status, count) -> gauge(active, PdmMetric.RUNS_ACTIVE, List.of("status", status)).set(count));
    decisionWait.set(longestDecisionWait.toSeconds());
  }

  private Counter counter(PdmMetric metric, String... tags) {
    return Counter.builder(metric.meter()).description(metric.help()).tags(tags).register(registry);
  }

  private AtomicLong gauge(Map<String, AtomicLong> values, PdmMetric metric, List<String> tags) {
    return values.computeIfAbsent(String.join("\u0000", tags), key -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder(metric.meter(), value, AtomicLong::get).description(metric.help())
          .tags(tags.toArray(String[]::new)).register(registry);
      return value;
    });
  }
}
