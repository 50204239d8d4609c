/**
 * Drives runs: applies events to the pure state machine of {@code dev.pdm.core.run}, stores each transition with its
 * commands (an outbox) in one transaction, and executes the commands with one small executor per kind. One replica
 * drives a run at a time (a lease); any replica may submit events to any run.
 */
package dev.pdm.server.orchestrator;
