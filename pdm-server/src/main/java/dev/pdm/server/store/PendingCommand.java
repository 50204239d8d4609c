package dev.pdm.server.store;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** A command from the outbox: which transition asked for it ({@code seq}, {@code idx}) and how often it was tried. */
public record PendingCommand(UUID runId, long seq, int idx, JsonObject command, int attempts) {
}
