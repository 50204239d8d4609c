package dev.pdm.server.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * A followed job's log as stored: where reading goes on from, what was in progress there, and its latest lines as of
 * run event {@code seq}.
 */
public record StoredLogTail(String stageId, long jobId, long resumeOffset, Optional<JsonObject> running, long migrated,
    boolean complete, JsonArray lines, long seq) {

  /** The tail as the API and the live snapshot show it (the offset is pdm's business). */
  public JsonObject toJson() {
    return new JsonObject().put("stage_id", stageId).put("job_id", jobId).put("seq", seq).put("lines", lines)
        .put("migrated", migrated).put("current_migration", running.orElse(null)).put("complete", complete);
  }
}
