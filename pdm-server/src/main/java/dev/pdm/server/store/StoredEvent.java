package dev.pdm.server.store;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** One entry of a run's append-only event log; {@code seq} counts from 1 within the run. */
public record StoredEvent(UUID runId, long seq, String type, JsonObject payload, Instant at) {

  /** The event as {@code GET /api/v1/runs/{id}/events} lists it. */
  public JsonObject toJson() {
    return new JsonObject().put("seq", seq).put("type", type).put("at", at.toString()).put("payload", payload);
  }
}
