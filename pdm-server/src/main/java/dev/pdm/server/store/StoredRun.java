package dev.pdm.server.store;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * A run as stored: the columns queries need, and the full state as JSON.
 *
 * @param lastSeq the sequence number of the run's newest event; the next transition must name it
 */
public record StoredRun(UUID id, String planId, String status, boolean active, String requestedBy,
    JsonObject state, long lastSeq, Instant createdAt, Instant updatedAt) {
}
