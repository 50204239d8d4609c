package dev.pdm.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.server.store.CreateOutcome;
import dev.pdm.server.store.DatabaseUrl;
import dev.pdm.server.store.NewEvent;
import dev.pdm.server.store.RunChange;
import dev.pdm.server.store.RunStore;
import dev.pdm.server.testing.TestConfig;
import dev.pdm.server.testing.TestPools;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A replay holds in memory the page it is sending, never the history it already sent: a hundred clients replaying a
 * long run at once must not need a hundred copies of the run (issue #13, long runs: pdm ran out of heap that way).
 */
@ExtendWith(VertxExtension.class)
class ReplayMemoryTest {
  private static final int EVENTS = 1_500;
  private static final long PAUSE_AT = 1_200;
  /** 20 KB per event: the history sent before the pause is about 24 MB, a page 1 MB. */
  private static final String PAYLOAD = "x".repeat(20_000);
  private static final long MIB = 1024 * 1024;

  @Test
  void aReplayHoldsThePageItIsSendingNotTheHistoryItSent(Vertx vertx) throws Exception {
    DatabaseUrl url = TestPools.migratedUrl();
    Pool pool = TestPools.pool(vertx, url);
    RunStore store = new RunStore(pool);
    UUID runId = UUID.randomUUID();
    long seq = await(store.create(runId, "default", "alice", Optional.empty(), change())
        .map(created -> ((CreateOutcome.Created) created).run().lastSeq()));
    while (seq < EVENTS) {
      seq = await(store.change(runId, seq, change())).lastSeq();
    }
    LiveHub hub = new LiveHub(vertx, url.connectOptions(), store);
    Router router = Router.router(vertx);
    router.route("/api/*").handler(TestConfig.authentication(pool));
    router.get("/api/v1/live").handler(new LiveEndpoint(vertx, hub, store, Optional.empty(), Optional::empty, 10,
        Duration.ofMinutes(5)));
    HttpServer server = await(hub.start().compose(v -> vertx.createHttpServer().requestHandler(router)
        .listen(0, "127.0.0.1")));
    WebSocketClient client = vertx.createWebSocketClient();
    long before = heapAfterGc();

    CompletableFuture<Void> paused = new CompletableFuture<>();
    client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.actualPort())
            .setURI("/api/v1/live?run=" + runId + "&since=0")
            .addHeader("Authorization", "Bearer " + TestConfig.VIEWER_TOKEN))
        .onFailure(paused::completeExceptionally)
        .onSuccess(socket -> socket.textMessageHandler(text -> {
          JsonObject message = new JsonObject(text);
          if ("event".equals(message.getString("type")) && message.getLong("seq") == PAUSE_AT) {
            socket.pause();
            paused.complete(null);
          }
        }));
    paused.get(2, TimeUnit.MINUTES);
    long during = heapAfterGc();
    await(client.close());
    await(server.close());
    await(hub.close());
    await(pool.close());

    assertThat((during - before) / MIB)
        .as("MiB of heap held while a client that received %d of %d events of %d bytes each has paused", PAUSE_AT,
            EVENTS, PAYLOAD.length())
        .isLessThan(12);
  }

  private static RunChange change() {
    return new RunChange("running", true, new JsonObject(),
        List.of(new NewEvent("Bulk", new JsonObject().put("bulk", PAYLOAD))), Optional.empty());
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
