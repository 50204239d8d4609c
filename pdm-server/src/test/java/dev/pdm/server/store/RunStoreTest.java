package dev.pdm.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.server.testing.TestPools;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RunStoreTest {
  private DatabaseUrl url;
  private Pool pool;
  private RunStore store;

  @BeforeEach
  void setUp(Vertx vertx) {
    url = TestPools.migratedUrl();
    pool = TestPools.pool(vertx, url);
    store = new RunStore(pool);
  }

  private static RunChange started(String by) {
    return new RunChange("pending", true, new JsonObject().put("stages", 3),
        List.of(new NewEvent("run_requested", new JsonObject().put("by", by))),
        Optional.of(new AuditEntry(by, "execute", Optional.empty(), new JsonObject())));
  }

  @Test
  void createsARunWithItsFirstEventAndAuditEntry(VertxTestContext test) {
    UUID id = UUID.randomUUID();
    store.create(id, "default", "alice", Optional.empty(), started("alice"))
        .compose(outcome -> store.eventsAfter(id, 0, 100).map(events -> List.of(outcome, events)))
        .compose(both -> store.audit(id).map(audit -> List.of(both.get(0), both.get(1), audit)))
        .onComplete(test.succeeding(all -> test.verify(() -> {
          CreateOutcome.Created created = (CreateOutcome.Created) all.get(0);
          assertThat(created.run().id()).isEqualTo(id);
          assertThat(created.run().lastSeq()).isEqualTo(1);
          assertThat(created.run().state().getInteger("stages")).isEqualTo(3);
          @SuppressWarnings("unchecked")
          List<StoredEvent> events = (List<StoredEvent>) all.get(1);
          assertThat(events).extracting(StoredEvent::seq, StoredEvent::type).containsExactly(
              org.assertj.core.groups.Tuple.tuple(1L, "run_requested"));
          @SuppressWarnings("unchecked")
          List<JsonObject> audit = (List<JsonObject>) all.get(2);
          assertThat(audit).singleElement().satisfies(a -> {
            assertThat(a.getString("actor")).isEqualTo("alice");
            assertThat(a.getString("action")).isEqualTo("execute");
          });
          test.completeNow();
        })));
  }

  @Test
  void theRunsFollowingAnyOfSeveralPipelinesAreFoundWithOneQuery(VertxTestContext test) {
    UUID following42 = UUID.randomUUID();
    UUID following5 = UUID.randomUUID();
    store.create(following42, "plan-a", "alice", Optional.empty(), started("alice"))
        .compose(created -> store.change(following42, 1, follows(42L)))
        .compose(v -> store.create(following5, "plan-b", "bob", Optional.empty(), started("bob")))
        .compose(created -> store.change(following5, 1, follows(5L)))
        .compose(v -> store.followingAny(java.util.Set.of(7L, 42L, 99L)))
        .onComplete(test.succeeding(runs -> test.verify(() -> {
          assertThat(runs).extracting(StoredRun::id).containsExactly(following42);
          test.completeNow();
        })));
  }

  private static RunChange follows(Long pipeline) {
    return new RunChange("running", true, new JsonObject(), List.of(new NewEvent("followed", new JsonObject())),
        List.of(), Optional.empty(), List.of(pipeline));
  }

  @Test
  void fiftyConcurrentRequestsMakeExactlyOneRun(Vertx vertx, VertxTestContext test) {
    List<Future<CreateOutcome>> attempts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      attempts.add(store.create(UUID.randomUUID(), "default", "user" + i, Optional.empty(), started("user" + i)));
    }
    Future.all(attempts).compose(all -> store.list(Optional.empty(), Optional.empty(), 100).map(runs -> {
      List<CreateOutcome> outcomes = all.list();
      return List.of(outcomes, runs);
    })).onComplete(test.succeeding(both -> test.verify(() -> {
      @SuppressWarnings("unchecked")
      List<CreateOutcome> outcomes = (List<CreateOutcome>) both.get(0);
      @SuppressWarnings("unchecked")
      List<StoredRun> runs = (List<StoredRun>) both.get(1);
      assertThat(runs).hasSize(1);
      assertThat(outcomes).filteredOn(o -> o instanceof CreateOutcome.Created).hasSize(1);
      assertThat(outcomes).filteredOn(o -> o instanceof CreateOutcome.ActiveRunExists).hasSize(49)
          .allSatisfy(o -> assertThat(((CreateOutcome.ActiveRunExists) o).activeRunId()).isEqualTo(runs.get(0).id()));
      test.completeNow();
    })));
  }

  @Test
  void theSameIdempotencyKeyGivesTheSameRun(VertxTestContext test) {
    UUID first = UUID.randomUUID();
    store.create(first, "default", "alice", Optional.of("key-1"), started("alice"))
        .compose(created -> store.create(UUID.randomUUID(), "default", "alice", Optional.of("key-1"),
            started("alice")))
        .onComplete(test.succeeding(again -> test.verify(() -> {
          assertThat(again).isInstanceOf(CreateOutcome.SameRequest.class);
          assertThat(((CreateOutcome.SameRequest) again).run().id()).isEqualTo(first);
          test.completeNow();
        })));
  }

  @Test
  void aFinishedRunFreesThePlanForTheNextOne(VertxTestContext test) {
    UUID id = UUID.randomUUID();
    store.create(id, "default", "alice", Optional.empty(), started("alice"))
        .compose(created -> store.change(id, 1, new RunChange("succeeded", false, new JsonObject(),
            List.of(new NewEvent("run_finished", new JsonObject())), Optional.empty())))
        .compose(done -> store.create(UUID.randomUUID(), "default", "bob", Optional.empty(), started("bob")))
        .onComplete(test.succeeding(next -> test.verify(() -> {
          assertThat(next).isInstanceOf(CreateOutcome.Created.class);
          test.completeNow();
        })));
  }

  @Test
  void aChangeComputedFromAnOldStateIsRefusedAndWritesNothing(VertxTestContext test) {
    UUID id = UUID.randomUUID();
    RunChange change = new RunChange("running", true, new JsonObject().put("v", 2),
        List.of(new NewEvent("stage_started", new JsonObject()), new NewEvent("pipeline_triggered",
            new JsonObject())), Optional.empty());
    store.create(id, "default", "alice", Optional.empty(), started("alice"))
        .compose(created -> store.change(id, 1, change))
        .compose(changed -> store.change(id, 1, change).map("accepted twice").otherwise(err -> {
          assertThat(err).isInstanceOf(StaleRunException.class);
          return "refused";
        }).map(outcome -> List.of(outcome, changed)))
        .compose(both -> store.eventsAfter(id, 0, 100).map(events -> {
          test.verify(() -> {
            assertThat(both.get(0)).isEqualTo("refused");
            assertThat(((StoredRun) both.get(1)).lastSeq()).isEqualTo(3);
            assertThat(events).extracting(StoredEvent::seq).containsExactly(1L, 2L, 3L);
          });
          return events;
        }))
        .compose(events -> store.eventsAfter(id, 2, 100))
        .onComplete(test.succeeding(after -> test.verify(() -> {
          assertThat(after).extracting(StoredEvent::type).containsExactly("pipeline_triggered");
          test.completeNow();
        })));
  }

  @Test
  void everyChangeIsAnnouncedOnTheChannel(Vertx vertx, VertxTestContext test) {
    UUID id = UUID.randomUUID();
    PgSubscriber listener = PgSubscriber.subscriber(vertx, url.connectOptions());
    List<JsonObject> heard = new ArrayList<>();
    listener.channel(RunStore.CHANNEL).handler(payload -> {
      heard.add(new JsonObject(payload));
      if (heard.size() == 2) {
        test.verify(() -> {
          assertThat(heard.get(0).getString("run_id")).isEqualTo(id.toString());
          assertThat(heard).extracting(h -> h.getLong("seq")).containsExactly(1L, 2L);
        });
        listener.close().onComplete(x -> test.completeNow());
      }
    });
    listener.connect()
        .compose(connected -> store.create(id, "default", "alice", Optional.empty(), started("alice")))
        .compose(created -> store.change(id, 1, new RunChange("running", true, new JsonObject(),
            List.of(new NewEvent("stage_started", new JsonObject())), Optional.empty())))
        .onFailure(test::failNow);
  }

  @Test
  void oneReplicaHoldsALeaseUntilItLapsesAndTheNextHolderFencesItOut(Vertx vertx, VertxTestContext test) {
    RunLeases leases = new RunLeases(pool);
    UUID id = UUID.randomUUID();
    Duration ttl = Duration.ofSeconds(2);
    RunChange note = new RunChange("running", true, new JsonObject(), List.of(new NewEvent("Note", new JsonObject())),
        Optional.empty());
    store.create(id, "default", "alice", Optional.empty(), started("alice"))
        .compose(c -> leases.acquire(id, "replica-a", ttl))
        .compose(a -> leases.acquire(id, "replica-b", ttl).map(b -> List.of(a, b)))
        .compose(ab -> leases.acquire(id, "replica-a", ttl).map(renewed -> {
          test.verify(() -> {
            assertThat(ab.get(0)).map(RunLeases.Claim::epoch).contains(1L);
            assertThat(ab.get(1)).isEmpty();
            assertThat(renewed).as("the holder renews its own claim, same epoch").isEqualTo(ab.get(0));
          });
          return ab.get(0).orElseThrow();
        }))
        .compose(a -> vertx.timer(2500, TimeUnit.MILLISECONDS).map(a))
        .compose(a -> leases.acquire(id, "replica-b", ttl).map(b -> Map.entry(a, b.orElseThrow())))
        .compose(ab -> {
          RunLeases.Claim a = ab.getKey();
          RunLeases.Claim b = ab.getValue();
          test.verify(() -> assertThat(b.epoch()).isEqualTo(2L));
          return store.change(id, 1, note, Optional.of(a)).transform(late -> {
            test.verify(() -> assertThat(late.cause()).as("the lapsed holder's write").isInstanceOf(LeaseLostException.class));
            return store.change(id, 1, note, Optional.of(b));
          }).compose(stored -> leases.renew("replica-a", List.of(a), ttl))
              .compose(renewedA -> leases.renew("replica-b", List.of(b), ttl).map(renewedB -> List.of(renewedA, renewedB)));
        })
        .onComplete(test.succeeding(renewed -> test.verify(() -> {
          assertThat(renewed.get(0)).isEmpty();
          assertThat(renewed.get(1)).containsExactly(id);
          test.completeNow();
        })));
  }

  @Test
  void onlyTheRunsHolderPutsItsCommandsOff(VertxTestContext test) {
    RunLeases leases = new RunLeases(pool);
    UUID id = UUID.randomUUID();
    RunChange asking = new RunChange("running", true, new JsonObject(), List.of(new NewEvent("Note", new JsonObject())),
        List.of(new JsonObject().put("type", "TriggerPipeline")), Optional.empty(), List.of());
    java.time.Instant now = java.time.Instant.now();
    store.create(id, "default", "alice", Optional.empty(), started("alice"))
        .compose(c -> leases.acquire(id, "replica-a", Duration.ofSeconds(30)).map(Optional::orElseThrow))
        .compose(a -> store.change(id, 1, asking, Optional.of(a)).map(a))
        .compose(a -> store.nextCommand(id, PendingCommand.Lane.WORK, now).map(c -> Map.entry(a, c.orElseThrow())))
        .compose(held -> store.commandLater(held.getValue(), Optional.empty(), now.plus(Duration.ofHours(1)),
                held.getKey())
            .compose(v -> store.nextCommand(id, PendingCommand.Lane.WORK, now))
            .map(putOff -> {
              test.verify(() -> assertThat(putOff).as("put off an hour by its holder").isEmpty());
              return held;
            }))
        .compose(held -> leases.release(held.getKey()).map(held))
        .compose(lapsed -> store.commandLater(lapsed.getValue(), Optional.of("late"), now.minus(Duration.ofHours(1)),
                lapsed.getKey())
            .transform(late -> {
              test.verify(() -> assertThat(late.cause()).as("the lapsed holder's reschedule")
                  .isInstanceOf(LeaseLostException.class));
              return store.nextCommand(id, PendingCommand.Lane.WORK, now);
            }))
        .onComplete(test.succeeding(next -> test.verify(() -> {
          assertThat(next).as("still put off: the lapsed holder changed nothing").isEmpty();
          test.completeNow();
        })));
  }
}
