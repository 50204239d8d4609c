package dev.pdm.server.store;

import dev.pdm.core.incident.IncidentCommand;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * A command from the outbox: which transition asked for it ({@code seq}, {@code idx}), its lane, when it was asked
 * for, and how often it was tried.
 */
public record PendingCommand(UUID runId, long seq, int idx, Lane lane, JsonObject command, int attempts, Instant createdAt) {

  /** The queues of a run's commands; each runs in order, independently of the others. */
  public enum Lane {
    /** Chat announcements (the run's, and its incident workflow's). */
    NOTIFY,
    /** Everything that reads or writes GitLab for the run. */
    WORK,
    /** The incident workflow's GitLab writes (notes, labels, the release checklist): never behind a waiting trigger. */
    INCIDENT;

    /** The lane of a command, by its JSON {@code type}. */
    public static Lane of(JsonObject command) {
      String type = command.getString("type");
      if ("Notify".equals(type) || "AnnounceIncidentStep".equals(type)) {
        return NOTIFY;
      }
      return IncidentCommand.TYPES.contains(type) ? INCIDENT : WORK;
    }

    String column() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
