package dev.pdm.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.server.PdmServer;
import dev.pdm.server.store.AuditEntry;
import dev.pdm.server.store.DatabaseUrl;
import dev.pdm.server.store.NewEvent;
import dev.pdm.server.store.RunChange;
import dev.pdm.server.store.RunStore;
import dev.pdm.server.testing.TestConfig;
import dev.pdm.server.testing.TestPools;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two replicas on one database; runs change through the store as the driving replica would change them. */
@ExtendWith(VertxExtension.class)
class LiveEndpointTest {
  private PdmServer replicaA;
  private PdmServer replicaB;
  private RunStore store;
  private final UUID runId = UUID.randomUUID();
  private long seq;
  private WebSocketClient client;

  @BeforeEach
  void startTwoReplicas(Vertx vertx, VertxTestContext test) {
    DatabaseUrl url = TestPools.migratedUrl();
    store = new RunStore(TestPools.pool(vertx, url));
    PdmServer.start(vertx, TestConfig.onRandomPort(), url, TestConfig.tokens())
        .compose(a -> {
          replicaA = a;
          return PdmServer.start(vertx, TestConfig.onRandomPort(), url, TestConfig.tokens());
        })
        .compose(b -> {
          replicaB = b;
          return store.create(runId, "default", "alice", Optional.empty(), change("run_requested"));
        })
        .onComplete(test.succeeding(created -> {
          seq = 1;
          test.completeNow();
        }));
  }

  @AfterEach
  void stop(VertxTestContext test) {
    replicaA.close().eventually(replicaB::close).onComplete(test.succeedingThenComplete());
  }

  private static RunChange change(String... types) {
    List<NewEvent> events = new ArrayList<>();
    for (String t : types) {
      events.add(new NewEvent(t, new JsonObject().put("what", t)));
    }
    return new RunChange("running", true, new JsonObject(), events,
        Optional.<AuditEntry>empty());
  }

  /** Appends events one transition at a time, as the orchestrator does. */
  private Future<Void> append(String... types) {
    Future<Void> f = Future.succeededFuture();
    for (String t : types) {
      f = f.compose(v -> store.change(runId, seq, change(t)).map(run -> {
        seq = run.lastSeq();
        return (Void) null;
      }));
    }
    return f;
  }

  private Future<WebSocket> connect(Vertx vertx, PdmServer server, String query, String token,
      String origin, List<JsonObject> received) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.port())
        .setURI("/api/v1/live" + query);
    if (token != null) {
      options.addHeader("Authorization", "Bearer " + token);
    }
    if (origin != null) {
      options.addHeader("Origin", origin);
    }
    // One client for the whole test: Vert.x closes a client that is no longer referenced, with its connections.
    if (client == null) {
      client = vertx.createWebSocketClient();
    }
    return client.connect(options).onSuccess(ws ->
        ws.textMessageHandler(text -> received.add(new JsonObject(text))));
  }

  private static List<Long> seqs(List<JsonObject> received) {
    return received.stream().filter(m -> "event".equals(m.getString("type"))).map(m -> m.getLong("seq")).toList();
  }

  private static Future<Void> until(Vertx vertx, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    return poll(vertx, condition, deadline);
  }

  private static Future<Void> poll(Vertx vertx, java.util.function.BooleanSupplier condition, long deadline) {
    if (condition.getAsBoolean()) {
      return Future.succeededFuture();
    }
    if (System.nanoTime() > deadline) {
      return Future.failedFuture("condition not met within 10 s");
    }
    return vertx.timer(20).compose(t -> poll(vertx, condition, deadline));
  }

  @Test
  void aClientOnReplicaBSeesHelloSnapshotThenEveryEventInOrder(Vertx vertx, VertxTestContext test) {
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    connect(vertx, replicaB, "", TestConfig.VIEWER_TOKEN, null, received)
        .compose(ws -> until(vertx, () -> received.size() >= 2))
        .compose(v -> append("stage_started", "pipeline_triggered", "job_running", "job_succeeded"))
        .compose(v -> until(vertx, () -> seqs(received).size() >= 4))
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertThat(received.get(0).getString("type")).isEqualTo("hello");
          assertThat(received.get(0).getInteger("protocol")).isEqualTo(LiveEndpoint.PROTOCOL);
          assertThat(received.get(1).getString("type")).isEqualTo("snapshot");
          assertThat(received.get(1).getJsonArray("runs").getJsonObject(0).getString("id"))
              .isEqualTo(runId.toString());
          assertThat(seqs(received)).containsExactly(2L, 3L, 4L, 5L);
          assertThat(received.stream().filter(m -> "event".equals(m.getString("type")))
              .map(m -> m.getString("event")).toList())
              .containsExactly("stage_started", "pipeline_triggered", "job_running", "job_succeeded");
          test.completeNow();
        })));
  }

  @Test
  void aClientThatReconnectsWithSinceGetsExactlyWhatItMissed(Vertx vertx, VertxTestContext test) {
    List<JsonObject> first = new CopyOnWriteArrayList<>();
    List<JsonObject> second = new CopyOnWriteArrayList<>();
    connect(vertx, replicaB, "?run=" + runId + "&since=0", TestConfig.VIEWER_TOKEN, null, first)
        .compose(ws -> append("a", "b").compose(v -> until(vertx, () -> seqs(first).size() >= 3)).map(ws))
        .compose(WebSocket::close)
        .compose(v -> append("c", "d", "e", "f"))
        .compose(v -> connect(vertx, replicaA, "?run=" + runId + "&since=" + seqs(first).get(seqs(first).size() - 1),
            TestConfig.VIEWER_TOKEN, null, second))
        .compose(ws -> until(vertx, () -> seqs(second).size() >= 4).map(ws))
        .compose(ws -> append("g").compose(v -> until(vertx, () -> seqs(second).size() >= 5)))
        .compose(v -> vertx.timer(200))
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertThat(seqs(first)).containsExactly(1L, 2L, 3L);
          assertThat(seqs(second)).containsExactly(4L, 5L, 6L, 7L, 8L);
          test.completeNow();
        })));
  }

  @Test
  void aResumeMessageReplaysToo(Vertx vertx, VertxTestContext test) {
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    append("a", "b")
        .compose(v -> connect(vertx, replicaA, "", TestConfig.VIEWER_TOKEN, null, received))
        .compose(ws -> until(vertx, () -> received.size() >= 2).map(ws))
        .compose(ws -> ws.writeTextMessage(new JsonObject().put("type", "resume").put("run_id", runId.toString())
            .put("since", 1).encode()))
        .compose(v -> until(vertx, () -> seqs(received).size() >= 2))
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertThat(seqs(received)).containsExactly(2L, 3L);
          test.completeNow();
        })));
  }

  @Test
  void withoutATokenTheUpgradeIsRefused(Vertx vertx, VertxTestContext test) {
    connect(vertx, replicaA, "", null, null, new ArrayList<>())
        .onComplete(test.failing(err -> test.verify(() -> {
          assertThat(err.getMessage()).contains("401");
          test.completeNow();
        })));
  }

  @Test
  void aCrossSiteUpgradeIsRefused(Vertx vertx, VertxTestContext test) {
    connect(vertx, replicaA, "", TestConfig.OPERATOR_TOKEN, "https://evil.example.com", new ArrayList<>())
        .onComplete(test.failing(err -> test.verify(() -> {
          assertThat(err.getMessage()).contains("403");
          test.completeNow();
        })));
  }

  @Test
  void aSameOriginUpgradeIsAccepted(Vertx vertx, VertxTestContext test) {
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    connect(vertx, replicaA, "", TestConfig.VIEWER_TOKEN, "http://127.0.0.1:" + replicaA.port(), received)
        .compose(ws -> until(vertx, () -> !received.isEmpty()))
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertThat(received.get(0).getString("type")).isEqualTo("hello");
          test.completeNow();
        })));
  }

  @Test
  void aBadSinceIsA400(Vertx vertx, VertxTestContext test) {
    connect(vertx, replicaA, "?run=" + runId + "&since=-4", TestConfig.VIEWER_TOKEN, null, new ArrayList<>())
        .onComplete(test.failing(err -> test.verify(() -> {
          assertThat(err.getMessage()).contains("400");
          test.completeNow();
        })));
  }
}
