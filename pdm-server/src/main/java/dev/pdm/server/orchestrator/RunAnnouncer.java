package dev.pdm.server.orchestrator;

import dev.pdm.core.notify.ChatMessage;
import dev.pdm.core.run.Command;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * Announces a run beyond incoming webhooks: a chat app keeping one message per run up to date. Never fails (an
 * announcement must not hold a run up); what it did, or why it could not, is the note it returns for the run's log.
 */
@FunctionalInterface
public interface RunAnnouncer {
  /** Announces nothing: incoming webhooks only. */
  RunAnnouncer NONE = (record, notify, message, pdmUrl) -> Future.succeededFuture(Optional.empty());

  /**
   * @param record  the run as stored after the transition that asked for the notification
   * @param notify  the notification
   * @param message the notification as the webhooks get it
   * @param pdmUrl  where people reach pdm, for links to the run
   */
  Future<Optional<JsonObject>> announce(RunRecord record, Command.Notify notify, ChatMessage message, String pdmUrl);
}
