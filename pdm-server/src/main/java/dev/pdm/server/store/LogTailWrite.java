package dev.pdm.server.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * What one read of a job's log gave, stored in one transaction: the tail as it now stands, and the {@code JobLog}
 * event carrying the lines read. Stored only if the tail still starts reading at {@code fromOffset}.
 *
 * @param fromOffset where the stored tail read on from before this read (0 for a job never read)
 * @param toOffset   where reading goes on from after it: a line boundary
 * @param running    the migration in progress at {@code toOffset} ({@code version}, {@code class_name},
 *                   {@code database}), or null
 * @param lines      the latest lines of the log, for display
 * @param event      the {@code JobLog} event's payload
 */
public record LogTailWrite(UUID runId, long jobId, String stageId, long fromOffset, long toOffset, JsonObject running,
    long migrated, boolean complete, JsonArray lines, JsonObject event) {
}
