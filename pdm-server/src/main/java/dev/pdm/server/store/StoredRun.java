package dev.pdm.server.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A run as stored: the columns queries need, and the full state as JSON.
 *
 * @param lastSeq the sequence number of the run's newest event; the next transition must name it
 */
public record StoredRun(UUID id, String planId, String status, boolean active, String requestedBy,
    JsonObject state, long lastSeq, Instant createdAt, Instant updatedAt) {

  /** The run as the API and the live protocol show it: these columns, and the stored state as {@code state}. */
  public JsonObject toJson() {
    return new JsonObject().put("id", id.toString()).put("plan_id", planId).put("status", status)
        .put("active", active).put("requested_by", requestedBy).put("last_seq", lastSeq)
        .put("created_at", createdAt.toString()).put("updated_at", updatedAt.toString()).put("state", state);
  }

  /** The run as {@link #toJson()}, with its job logs' tails as {@code log_tails}: the whole present of the run. */
  public JsonObject toJson(List<StoredLogTail> logTails) {
    JsonArray tails = new JsonArray();
    logTails.forEach(tail -> tails.add(tail.toJson()));
    return toJson().put("log_tails", tails);
  }
}
