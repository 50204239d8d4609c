package dev.pdm.sandbox.chat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A message posted to the chat sink: the Slack payload as received ({@code text}, blocks...). */
public record ChatMessage(long id, Instant receivedAt, JsonObject payload) {

  /** The message's {@code text} field, or empty. */
  public String text() {
    return payload.getString("text", "");
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("received_at", receivedAt.toString())
        .put("text", text()).put("payload", payload);
  }
}
