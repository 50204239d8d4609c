/**
 * The incident workflow on the server: following what it waits for in GitLab and in pdm's runs
 * ({@link dev.pdm.server.incident.IncidentFollower}), and one executor per incident command (notes, labels, chat, the
 * release checklist). Decisions are {@code dev.pdm.core.incident}'s; every change is stored beside the run through the
 * orchestrator, and every GitLab write runs from the outbox under the run's lease, idempotent by a marker.
 */
package dev.pdm.server.incident;
