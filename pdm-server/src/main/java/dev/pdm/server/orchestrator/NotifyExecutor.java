package dev.pdm.server.orchestrator;

import dev.pdm.core.run.Command;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code Notify}: records the announcement in the run's event log, where the web page and the CLI show it. Never
 * fails: an announcement that cannot be made must not hold the run up.
 */
public final class NotifyExecutor implements CommandExecutor<Command.Notify> {

  @Override
  public Future<Outcome> execute(RunRecord record, Command.Notify command) {
    JsonObject note = new JsonObject().put("type", "Notification")
        .put("kind", command.kind().name())
        .put("stage_id", command.stageId().orElse(null))
        .put("actor", command.actor().orElse(null))
        .put("details", new JsonArray(command.details()))
        .put("link", command.link().orElse(null));
    return Future.succeededFuture(Outcome.note(note));
  }
}
