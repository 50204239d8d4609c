/**
 * Drives runs: applies events to the pure state machine of {@code dev.pdm.core.run}, stores each transition with its
 * commands (an outbox) in one transaction, and executes the commands with one small executor per kind. One replica
 * drives a run at a time (a lease); any replica may submit events to any run. What it does is told to an {@link
 * dev.pdm.server.orchestrator.OrchestratorObserver} (metrics) and its state read through {@code Orchestrator.status()}
 * (health).
 */
package dev.pdm.server.orchestrator;
