/**
 * {@code /health}, {@code /health/ready} and {@code /health/live}: what a load balancer, Kubernetes and a person ask
 * of a replica. {@link dev.pdm.server.health.HealthMonitor} checks in the background and requests read its last
 * report, so no number of requests can exhaust the database pool.
 */
package dev.pdm.server.health;
