package dev.pdm.server.orchestrator;

import dev.pdm.server.store.SharedRead;
import dev.pdm.server.store.StoredRun;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The active runs following the pipelines webhooks name, found with one store query at a time ({@link SharedRead}):
 * every pipeline named while a query runs waits for the next one, which asks for all of them at once. A busy GitLab
 * sends hooks about many pipelines no run follows; one query each took every connection of the pool at a thousand
 * hooks a second. Single-threaded: called on one context.
 */
final class FollowingRuns {
  private Set<Long> named = new HashSet<>();
  private final SharedRead<List<StoredRun>> reads;

  /** With the store's query for the active runs following any of a set of pipelines. */
  FollowingRuns(Function<Set<Long>, Future<List<StoredRun>>> query) {
    this.reads = new SharedRead<>(() -> {
      Set<Long> asked = named;
      named = new HashSet<>();
      return query.apply(asked);
    });
  }

  /** The active runs following the pipeline, or any pipeline named in the same query (each stage checks its own). */
  Future<List<StoredRun>> of(long pipelineId) {
    named.add(pipelineId);
    return reads.next();
  }
}
