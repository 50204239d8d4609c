/**
 * Pending post-deploy migrations per environment (from the {@code db/<env>} deployment to the {@code <env>}
 * deployment), the merge requests that introduced them, and which package runs where. Uses the GitLab client;
 * never imports checks, triage or run.
 */
package dev.pdm.core.pending;
