/**
 * What pdm tells Prometheus: {@link dev.pdm.server.metrics.PdmMetric} names every metric, {@link
 * dev.pdm.server.metrics.PdmMetrics} records them (GitLab exchanges, webhook deliveries, live fan-out, the
 * orchestrator's runs, stages, migrations and commands, the overview's pending migrations and checks), {@link
 * dev.pdm.server.metrics.MetricsEndpoint} serves {@code GET /metrics}. Nothing here decides anything about a run.
 */
package dev.pdm.server.metrics;
