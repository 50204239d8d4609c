/**
 * A simulated GitLab (REST API v4, pipelines on a drivable clock, webhooks) and a chat sink:
 * {@link dev.pdm.sandbox.GitLabSandbox} is the embeddable entry point, {@code SandboxMain} the
 * standalone one. Used by {@code --sandbox} mode and by every module's tests.
 * Must not import pdm-core, pdm-server or pdm-cli.
 */
package dev.pdm.sandbox;
