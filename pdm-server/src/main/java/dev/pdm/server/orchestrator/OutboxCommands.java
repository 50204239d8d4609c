package dev.pdm.server.orchestrator;

import dev.pdm.core.incident.IncidentCommand;
import dev.pdm.core.run.Command;
import io.vertx.core.json.JsonObject;

/** Reads a command back from the outbox: the state machine's, or an incident workflow's, by its {@code type}. */
final class OutboxCommands {
  private OutboxCommands() {
  }

  static Object decode(JsonObject json) {
    return IncidentCommand.TYPES.contains(json.getString("type"))
        ? RunJson.fromJson(json, IncidentCommand.class) : RunJson.fromJson(json, Command.class);
  }
}
