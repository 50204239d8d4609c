/**
 * A simulated GitLab (REST API v4, pipelines on a drivable clock, webhooks) and a chat sink.
 * Used by {@code --sandbox} mode and by every module's tests. Must not import pdm-core, pdm-server or pdm-cli.
 */
package dev.pdm.sandbox;
