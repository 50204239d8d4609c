package dev.pdm.sandbox.hooks;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;

/**
 * One webhook delivery attempt as recorded by the sandbox. {@code outcome} is
 * {@code delivered} (a 2xx answer), {@code failed} (non-2xx, error or timeout; see
 * {@code responseStatus} and {@code error}), or {@code dropped} (an injected fault: never sent). {@code duplicate} marks the extra copy
 * of an injected duplicate.
 */
public record WebhookDelivery(long hookId, String url, String event, String eventUuid,
    Instant at, JsonObject payload, String outcome, Optional<Integer> responseStatus,
    Optional<String> error, boolean duplicate) {

  /** This delivery as JSON for the introspection API. */
  public JsonObject toJson() {
    return new JsonObject().put("hook_id", hookId).put("url", url).put("event", event)
        .put("event_uuid", eventUuid).put("at", at.toString()).put("outcome", outcome)
        .put("response_status", responseStatus.orElse(null)).put("error", error.orElse(null))
        .put("duplicate", duplicate).put("payload", payload);
  }
}
