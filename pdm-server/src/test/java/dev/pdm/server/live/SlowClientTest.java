package dev.pdm.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.sqlclient.Pool;
import dev.pdm.server.store.DatabaseUrl;
import dev.pdm.server.store.NewEvent;
import dev.pdm.server.store.RunChange;
import dev.pdm.server.store.RunStore;
import dev.pdm.server.testing.TestConfig;
import dev.pdm.server.testing.TestPools;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A client that stops reading is dropped with a reason; a client that reads gets every event all the same. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class SlowClientTest {
  private static final int EVENTS = 300;
  private static final String BULK = "x".repeat(100_000);

  @Test
  void aClientThatStopsReadingIsDroppedAndOthersGetEverything(Vertx vertx, VertxTestContext test) {
    DatabaseUrl url = TestPools.migratedUrl();
    Pool pool = TestPools.pool(vertx, url);
    RunStore store = new RunStore(pool);
    LiveHub hub = new LiveHub(vertx, url.connectOptions(), store);
    Router router = Router.router(vertx);
    router.route("/api/*").handler(TestConfig.authentication(pool));
    router.get("/api/v1/live").handler(new LiveEndpoint(vertx, hub, store, Optional.empty(), Optional::empty, 10));
    UUID runId = UUID.randomUUID();
    List<Long> fastSeqs = new CopyOnWriteArrayList<>();
    AtomicLong seq = new AtomicLong();
    WebSocketClient client = vertx.createWebSocketClient();
    List<WebSocket> paused = new CopyOnWriteArrayList<>();
    hub.start()
        .compose(v -> vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"))
        .compose(server -> store.create(runId, "default", "alice", Optional.empty(), change())
            .compose(created -> {
              seq.set(created instanceof dev.pdm.server.store.CreateOutcome.Created c ? c.run().lastSeq() : 0);
              return connect(client, server).compose(slow -> connect(client, server).map(fast -> {
                paused.add(slow);
                slow.pause();
                fast.textMessageHandler(text -> {
                  JsonObject m = new JsonObject(text);
                  if ("event".equals(m.getString("type"))) {
                    fastSeqs.add(m.getLong("seq"));
                  }
                });
                return server;
              }));
            }))
        .compose(server -> append(store, runId, seq, EVENTS).map(server))
        .compose(server -> until(vertx, () -> fastSeqs.size() >= EVENTS, 600)
            .map(v -> {
              test.verify(() -> assertThat(hub.sessionCount()).as("sessions left open").isEqualTo(1));
              return v;
            })
            .eventually(server::close))
        .eventually(hub::close)
        .eventually(() -> {
          paused.forEach(WebSocket::resume);
          return client.close();
        })
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertThat(fastSeqs).hasSize(EVENTS);
          for (int i = 1; i < fastSeqs.size(); i++) {
            assertThat(fastSeqs.get(i)).isEqualTo(fastSeqs.get(i - 1) + 1);
          }
          test.completeNow();
        })));
  }

  private static Future<WebSocket> connect(WebSocketClient client, HttpServer server) {
    return client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.actualPort())
        .setURI("/api/v1/live").addHeader("Authorization", "Bearer " + TestConfig.VIEWER_TOKEN));
  }

  private static RunChange change() {
    return new RunChange("running", true, new JsonObject(),
        List.of(new NewEvent("Bulk", new JsonObject().put("bulk", BULK))), Optional.empty());
  }

  private static Future<Void> append(RunStore store, UUID runId, AtomicLong seq, int remaining) {
    if (remaining == 0) {
      return Future.succeededFuture();
    }
    return store.change(runId, seq.get(), change()).compose(run -> {
      seq.set(run.lastSeq());
      return append(store, runId, seq, remaining - 1);
    });
  }

  private static Future<Void> until(Vertx vertx, java.util.function.BooleanSupplier done, int tries) {
    if (done.getAsBoolean()) {
      return Future.succeededFuture();
    }
    if (tries == 0) {
      return Future.failedFuture("not done in time");
    }
    return vertx.timer(100).compose(t -> until(vertx, done, tries - 1));
  }
}
