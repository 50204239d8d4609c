package dev.pdm.server.live;

import dev.pdm.server.store.RunStore;
import dev.pdm.server.store.SharedRead;
import dev.pdm.server.store.StoredLogTail;
import dev.pdm.server.store.StoredRun;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The active runs and their log tails, as a snapshot shows them, read once for all the sessions that asked while the
 * previous read ran ({@link SharedRead}). A burst of page loads (an incident: hundreds at once) made two reads per
 * session, took every pooled connection and closed sessions with "Timeout waiting for connection"; now it costs a few
 * reads. A read starts after its askers asked, so a snapshot is never older than its session's place in the hub (the
 * events after it are offered to the session).
 */
final class SnapshotReads {
  /** What a snapshot shows. */
  record Snapshot(List<StoredRun> runs, Map<UUID, List<StoredLogTail>> tails) {
  }

  private final SharedRead<Snapshot> reads;

  SnapshotReads(RunStore store) {
    this.reads = new SharedRead<>(() -> store.active().compose(runs -> store.logTails(runs.stream()
        .map(StoredRun::id).toList()).map(tails -> new Snapshot(runs, tails))));
  }

  /** The next read's result; completed on whichever thread the store answers on. */
  Future<Snapshot> next() {
    return reads.next();
  }
}
