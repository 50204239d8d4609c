/**
 * What GitLab tells pdm about pipelines, jobs and deployments, whether by webhook or by polling, as
 * {@link dev.pdm.core.hooks.GitLabObservation}s; and the parser that turns webhook deliveries into them, rejecting
 * malformed ones with the reason. Pure: no HTTP, no clock.
 */
package dev.pdm.core.hooks;
