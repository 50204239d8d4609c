package dev.pdm.server.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.server.store.StoredRun;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Given a flood of webhooks naming pipelines: the store is asked once per batch of them, never once per webhook. */
@ExtendWith(VertxExtension.class)
class FollowingRunsTest {
  private final List<Set<Long>> queries = new ArrayList<>();
  private final List<Promise<List<StoredRun>>> answers = new ArrayList<>();
  private final FollowingRuns following = new FollowingRuns(ids -> {
    queries.add(Set.copyOf(ids));
    Promise<List<StoredRun>> answer = Promise.promise();
    answers.add(answer);
    return answer.future();
  });

  @Test
  void aThousandPipelinesNamedWhileAQueryRunsAreLookedUpTogetherInTheNextQuery(Vertx vertx, VertxTestContext test) {
    vertx.runOnContext(v -> {
      Future<List<StoredRun>> first = following.of(1);
      List<Future<List<StoredRun>>> flood = new ArrayList<>();
      for (long pipeline = 2; pipeline <= 1001; pipeline++) {
        flood.add(following.of(pipeline));
        flood.add(following.of(pipeline));
      }
      test.verify(() -> assertThat(queries).containsExactly(Set.of(1L)));
      answers.get(0).complete(List.of());
      test.verify(() -> {
        assertThat(first.succeeded()).isTrue();
        assertThat(queries).hasSize(2);
        assertThat(queries.get(1)).hasSize(1000).contains(2L, 1001L);
        assertThat(flood).noneMatch(Future::isComplete);
      });
      answers.get(1).complete(List.of());
      test.verify(() -> {
        assertThat(flood).allMatch(Future::succeeded);
        assertThat(queries).as("nothing named since: no third query").hasSize(2);
      });
      test.completeNow();
    });
  }

  @Test
  void aFailedQueryFailsTheLookupsItCarriedAndTheNextOnesAreAskedAgain(Vertx vertx, VertxTestContext test) {
    vertx.runOnContext(v -> {
      Future<List<StoredRun>> lost = following.of(7);
      answers.get(0).fail("connection lost");
      Future<List<StoredRun>> next = following.of(7);
      answers.get(1).complete(List.of());
      test.verify(() -> {
        assertThat(lost.failed()).isTrue();
        assertThat(next.succeeded()).isTrue();
        assertThat(queries).containsExactly(Set.of(7L), Set.of(7L));
      });
      test.completeNow();
    });
  }
}
