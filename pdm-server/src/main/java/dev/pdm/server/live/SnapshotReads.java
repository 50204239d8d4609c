package dev.pdm.server.live;

import dev.pdm.server.store.RunStore;
import dev.pdm.server.store.StoredLogTail;
import dev.pdm.server.store.StoredRun;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The active runs and their log tails, as a snapshot shows them, read once for all the sessions that asked while the
 * previous read ran. A burst of page loads (an incident: hundreds at once) made two reads per session, took every
 * pooled connection and closed sessions with "Timeout waiting for connection"; now it costs a few reads. Whoever asks
 * gets a read that starts after it asked, so a snapshot is never older than its session's place in the hub (the
 * events after it are offered to the session).
 */
final class SnapshotReads {
  /** What a snapshot shows. */
  record Snapshot(List<StoredRun> runs, Map<UUID, List<StoredLogTail>> tails) {
  }

  private final RunStore store;
  private Promise<Snapshot> next;
  private boolean reading;

  SnapshotReads(RunStore store) {
    this.store = store;
  }

  /** The next read's result; completed on whichever thread the store answers on. */
  Future<Snapshot> next() {
    Future<Snapshot> snapshot;
    boolean start;
    synchronized (this) {
      if (next == null) {
        next = Promise.promise();
      }
      snapshot = next.future();
      start = !reading;
      reading = true;
    }
    if (start) {
      readNext();
    }
    return snapshot;
  }

  private void readNext() {
    Promise<Snapshot> asked;
    synchronized (this) {
      asked = next;
      next = null;
      if (asked == null) {
        reading = false;
        return;
      }
    }
    store.active().compose(runs -> store.logTails(runs.stream().map(StoredRun::id).toList())
            .map(tails -> new Snapshot(runs, tails)))
        .onComplete(read -> {
          asked.handle(read);
          readNext();
        });
  }
}
