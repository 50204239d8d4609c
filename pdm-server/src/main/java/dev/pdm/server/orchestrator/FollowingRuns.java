package dev.pdm.server.orchestrator;

import dev.pdm.server.store.StoredRun;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The active runs following the pipelines webhooks name, found with one store query at a time: every pipeline named
 * while a query runs waits for the next one, which asks for all of them at once. A busy GitLab sends hooks about many
 * pipelines no run follows; one query each took every connection of the pool at a thousand hooks a second.
 * Single-threaded: called on one context.
 */
final class FollowingRuns {
  private final Function<Set<Long>, Future<List<StoredRun>>> query;
  private Map<Long, Promise<List<StoredRun>>> waiting = new HashMap<>();
  private boolean querying;

  /** With the store's query for the active runs following any of a set of pipelines. */
  FollowingRuns(Function<Set<Long>, Future<List<StoredRun>>> query) {
    this.query = query;
  }

  /** The active runs following the pipeline, or any pipeline named in the same query (each stage checks its own). */
  Future<List<StoredRun>> of(long pipelineId) {
    Future<List<StoredRun>> runs = waiting.computeIfAbsent(pipelineId, id -> Promise.promise()).future();
    if (!querying) {
      queryWaiting();
    }
    return runs;
  }

  private void queryWaiting() {
    if (waiting.isEmpty()) {
      querying = false;
      return;
    }
    querying = true;
    Map<Long, Promise<List<StoredRun>>> batch = waiting;
    waiting = new HashMap<>();
    query.apply(batch.keySet()).onComplete(found -> {
      batch.values().forEach(promise -> promise.handle(found));
      queryWaiting();
    });
  }
}
