package dev.pdm.server.metrics;

import java.util.List;

/**
 * Every metric pdm exports besides the JVM's and Vert.x's, in one place: its Micrometer name, the name Prometheus
 * sees, its labels and what it means (docs/operations.md lists the same). Alerts and dashboards use the Prometheus
 * names.
 */
public enum PdmMetric {
  RUNS_FINISHED("pdm.runs.finished", "pdm_runs_finished_total", "counter", List.of("outcome"),
      "runs that ended, by outcome (succeeded, failed, canceled); counted by the replica that stored the end"),
  RUNS_ACTIVE("pdm.runs.active", "pdm_runs_active", "gauge", List.of("status"),
      "runs not yet ended, by status (read from the store every 15 s; every replica reports the same)"),
  DECISION_WAIT("pdm.runs.waiting.for.decision.longest", "pdm_runs_waiting_for_decision_longest_seconds", "gauge",
      List.of(), "how long the run waiting longest for an operator's decision has waited (0 when none waits)"),
  STAGE_DURATION("pdm.stage.duration", "pdm_stage_duration_seconds", "histogram",
      List.of("stage", "environment", "outcome"),
      "from a stage's first start to its end (succeeded, failed, canceled), recording included"),
  MIGRATION_DURATION("pdm.migration.duration", "pdm_migration_duration_seconds", "histogram",
      List.of("environment"), "each post-deploy migration's duration, as Rails printed it in the job log"),
  PENDING_MIGRATIONS("pdm.pending.migrations", "pdm_pending_migrations", "gauge", List.of("environment"),
      "post-deploy migrations pending on the environment, as of the overview's last refresh"),
  CHECK_VERDICTS("pdm.check.verdicts", "pdm_check_verdicts_total", "counter",
      List.of("environment", "check", "verdict"), "production check verdicts (pass, fail, error) of the overview"),
  CHECK_PASSING("pdm.check.passing", "pdm_check_passing", "gauge", List.of("environment", "check"),
      "1 when the check passed at the overview's last refresh, else 0"),
  GITLAB_REQUESTS("pdm.gitlab.requests", "pdm_gitlab_requests_seconds", "histogram",
      List.of("endpoint", "method", "status"),
      "GitLab API exchanges (each retry counts) by endpoint class, method and status (none: no answer), with latency"),
  GITLAB_RATE_LIMIT_REMAINING("pdm.gitlab.rate.limit.remaining", "pdm_gitlab_rate_limit_remaining", "gauge",
      List.of(), "GitLab's RateLimit-Remaining header on its latest answer that had one"),
  WEBHOOK_DELIVERIES("pdm.webhook.deliveries", "pdm_webhook_deliveries_total", "counter", List.of("event", "result"),
      "GitLab webhook deliveries by event and result (accepted, duplicate, ignored, invalid, unauthorized, disabled, "
          + "too_large)"),
  LIVE_CLIENTS("pdm.live.clients", "pdm_live_clients", "gauge", List.of(),
      "WebSocket clients (web pages, pdm watch) connected to this replica"),
  LIVE_EVENTS_FANNED_OUT("pdm.live.events.fanned.out", "pdm_live_events_fanned_out_total", "counter", List.of(),
      "run events offered to live clients (one per event and client)"),
  COMMANDS_EXECUTED("pdm.commands.executed", "pdm_commands_executed_total", "counter", List.of("kind", "result"),
      "state machine commands executed, by kind and result (succeeded, failed)"),
  COMMAND_RETRIES("pdm.command.retries", "pdm_command_retries_total", "counter", List.of("kind"),
      "failed command executions that will be tried again, by kind"),
  LEASES_HELD("pdm.orchestrator.leases.held", "pdm_orchestrator_leases_held", "gauge", List.of("replica"),
      "runs whose lease this replica holds (it drives them)"),
  LAST_TICK_AGE("pdm.orchestrator.last.tick.age", "pdm_orchestrator_last_tick_age_seconds", "gauge",
      List.of("replica"), "seconds since this replica's orchestrator last completed a tick (+Inf before the first)");

  private final String meter;
  private final String prometheus;
  private final String type;
  private final List<String> labels;
  private final String help;

  PdmMetric(String meter, String prometheus, String type, List<String> labels, String help) {
    this.meter = meter;
    this.prometheus = prometheus;
    this.type = type;
    this.labels = labels;
    this.help = help;
  }

  /** The Micrometer meter name. */
  public String meter() {
    return meter;
  }

  /** The name in a Prometheus scrape (histograms add {@code _bucket}, {@code _count}, {@code _sum}). */
  public String prometheus() {
    return prometheus;
  }

  /** counter, gauge or histogram. */
  public String type() {
    return type;
  }

  public List<String> labels() {
    return labels;
  }

  public String help() {
    return help;
  }
}
