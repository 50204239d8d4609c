/**
 * "Was it executed?": for a SHA or a merge request, per environment, what each source ({@code db/<env>}
 * deployments, the MR's {@code workflow::post-deploy-db-*} labels, and the server's run records) says, reconciled.
 * Uses the GitLab client and pending's merge-request reference; never imports checks, triage or run.
 */
package dev.pdm.core.executed;
