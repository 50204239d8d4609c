package dev.pdm.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.server.store.DatabaseUrl;
import dev.pdm.server.store.RunStore;
import dev.pdm.server.testing.TestConfig;
import dev.pdm.server.testing.TestPools;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Given a store with one connection and room for ten waiting queries, when 200 clients open the live view at once
 * (an incident: everyone opens the page): every client gets its snapshot and none is closed.
 */
@ExtendWith(VertxExtension.class)
class ConnectionBurstTest {
  private static final int CLIENTS = 200;

  @Test
  void twoHundredClientsOpeningAtOnceEachGetASnapshotFromAFewSharedReads(Vertx vertx, VertxTestContext test) {
    DatabaseUrl url = TestPools.migratedUrl();
    Pool pool = TestPools.pool(vertx, url);
    Pool narrow = PgBuilder.pool().with(new PoolOptions().setMaxSize(1).setMaxWaitQueueSize(10))
        .connectingTo(url.connectOptions()).using(vertx).build();
    RunStore store = new RunStore(pool);
    LiveHub hub = new LiveHub(vertx, url.connectOptions(), store);
    Router router = Router.router(vertx);
    router.route("/api/*").handler(TestConfig.authentication(pool));
    router.get("/api/v1/live").handler(new LiveEndpoint(vertx, hub, new RunStore(narrow), Optional.empty(),
        Optional::empty, CLIENTS));
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(CLIENTS));
    Set<Integer> snapshots = ConcurrentHashMap.newKeySet();
    Set<Integer> closed = ConcurrentHashMap.newKeySet();
    hub.start()
        .compose(v -> vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"))
        .compose(server -> {
          List<Future<?>> connects = new ArrayList<>();
          for (int i = 0; i < CLIENTS; i++) {
            int index = i;
            connects.add(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
                    .setPort(server.actualPort()).setURI("/api/v1/live")
                    .addHeader("Authorization", "Bearer " + TestConfig.VIEWER_TOKEN))
                .onSuccess(socket -> {
                  socket.closeHandler(v -> closed.add(index));
                  socket.textMessageHandler(text -> {
                    if (text.contains("\"type\":\"snapshot\"")) {
                      snapshots.add(index);
                    }
                  });
                }));
          }
          return Future.all(connects).map(server);
        })
        .onComplete(test.succeeding(server -> {
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          vertx.setPeriodic(100, timer -> {
            if (snapshots.size() == CLIENTS || !closed.isEmpty() || System.nanoTime() > deadline) {
              vertx.cancelTimer(timer);
              test.verify(() -> {
                assertThat(closed).as("clients the server closed").isEmpty();
                assertThat(snapshots).as("clients that got their snapshot").hasSize(CLIENTS);
              });
              server.close().eventually(hub::close).eventually(client::close).eventually(narrow::close)
                  .onComplete(test.succeedingThenComplete());
            }
          });
        }));
  }
}
