/**
 * pdm's domain: configuration, the GitLab client, post-migrate files, pending migrations, production checks,
 * failure triage and the run state machine. No HTTP server, no database; never imports server, cli, web or sandbox.
 */
package dev.pdm.core;
