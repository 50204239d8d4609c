package dev.pdm.server.store;

import io.vertx.core.json.JsonObject;

/** An event to append to a run's log; the store gives it its sequence number. */
public record NewEvent(String type, JsonObject payload) {
}
