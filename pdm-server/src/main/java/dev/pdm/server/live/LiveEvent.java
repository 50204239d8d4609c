package dev.pdm.server.live;

import dev.pdm.server.store.StoredEvent;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** A run event as sent to clients: its {@code event} message encoded once, whatever the number of sessions. */
record LiveEvent(UUID runId, long seq, String text) {

  static LiveEvent of(StoredEvent event) {
    return new LiveEvent(event.runId(), event.seq(), new JsonObject().put("type", "event")
        .put("run_id", event.runId().toString()).put("seq", event.seq()).put("event", event.type())
        .put("at", event.at().toString()).put("payload", event.payload()).encode());
  }
}
