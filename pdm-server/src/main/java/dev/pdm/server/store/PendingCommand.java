package dev.pdm.server.store;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * A command from the outbox: which transition asked for it ({@code seq}, {@code idx}), its lane, when it was asked
 * for, and how often it was tried.
 */
public record PendingCommand(UUID runId, long seq, int idx, Lane lane, JsonObject command, int attempts, Instant createdAt) {

  /** The two queues of a run's commands; each runs in order, independently of the other. */
  public enum Lane {
    /** Chat announcements. */
    NOTIFY,
    /** Everything that reads or writes GitLab for the run. */
    WORK;

    /** The lane of a command, by its JSON {@code type}. */
    public static Lane of(JsonObject command) {
      return "Notify".equals(command.getString("type")) ? NOTIFY : WORK;
    }

    String column() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
