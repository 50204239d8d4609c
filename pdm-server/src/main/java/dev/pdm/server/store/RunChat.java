package dev.pdm.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;

/** What chat knows of a run: its one Slack message (channel and ts) and the chat user who started it. */
public final class RunChat {
  private final Pool pool;

  public RunChat(Pool pool) {
    this.pool = pool;
  }

  /** A run's chat record; each part is empty until known. */
  public record Thread(Optional<String> channel, Optional<String> ts, Optional<String> starterUser) {
    static final Thread NONE = new Thread(Optional.empty(), Optional.empty(), Optional.empty());
  }

  public Future<Thread> get(UUID runId) {
    return pool.preparedQuery("SELECT channel, ts, starter_user FROM run_chat WHERE run_id = $1")
        .execute(Tuple.of(runId))
        .map(rows -> rows.size() == 0 ? Thread.NONE : thread(rows.iterator().next()));
  }

  /** The run's message, once posted. */
  public Future<Void> messagePosted(UUID runId, String channel, String ts) {
    return pool.preparedQuery("INSERT INTO run_chat (run_id, channel, ts) VALUES ($1, $2, $3) ON CONFLICT (run_id) "
            + "DO UPDATE SET channel = excluded.channel, ts = excluded.ts, updated_at = now()")
        .execute(Tuple.of(runId, channel, ts)).mapEmpty();
  }

  /** The chat user who asked for the run. */
  public Future<Void> startedBy(UUID runId, String userId) {
    return pool.preparedQuery("INSERT INTO run_chat (run_id, starter_user) VALUES ($1, $2) ON CONFLICT (run_id) "
            + "DO UPDATE SET starter_user = excluded.starter_user, updated_at = now()")
        .execute(Tuple.of(runId, userId)).mapEmpty();
  }

  private static Thread thread(Row row) {
    return new Thread(Optional.ofNullable(row.getString("channel")), Optional.ofNullable(row.getString("ts")),
        Optional.ofNullable(row.getString("starter_user")));
  }
}
