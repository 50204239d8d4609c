package dev.pdm.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.sqlclient.Pool;
import dev.pdm.server.store.DatabaseUrl;
import dev.pdm.server.store.RunStore;
import dev.pdm.server.testing.TestConfig;
import dev.pdm.server.testing.TestPools;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A client that stops answering pings is closed and forgotten; one that answers stays. */
@ExtendWith(VertxExtension.class)
class DeadClientTest {

  @Test
  void aClientThatAnswersNoPingIsClosed(Vertx vertx, VertxTestContext test) {
    DatabaseUrl url = TestPools.migratedUrl();
    Pool pool = TestPools.pool(vertx, url);
    RunStore store = new RunStore(pool);
    LiveHub hub = new LiveHub(vertx, url.connectOptions(), store, Duration.ofMillis(100), Duration.ofMillis(800),
        clients -> {
        });
    Router router = Router.router(vertx);
    router.route("/api/*").handler(TestConfig.authentication(pool));
    router.get("/api/v1/live").handler(new LiveEndpoint(vertx, hub, store, Optional.empty(), Optional::empty, 10));
    WebSocketClient client = vertx.createWebSocketClient();
    List<WebSocket> sockets = new CopyOnWriteArrayList<>();
    hub.start()
        .compose(v -> vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"))
        .compose(server -> {
          WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1")
              .setPort(server.actualPort()).setURI("/api/v1/live")
              .addHeader("Authorization", "Bearer " + TestConfig.VIEWER_TOKEN);
          return client.connect(options).compose(dead -> client.connect(options).map(alive -> {
            sockets.add(dead);
            dead.pause();
            alive.textMessageHandler(text -> { });
            return server;
          }));
        })
        .compose(server -> vertx.timer(2500).map(server))
        .map(server -> {
          test.verify(() -> assertThat(hub.sessionCount()).as("sessions still open").isEqualTo(1));
          return server;
        })
        .compose(server -> server.close())
        .eventually(hub::close)
        .eventually(() -> {
          sockets.forEach(WebSocket::resume);
          return client.close();
        })
        .onComplete(test.succeedingThenComplete());
  }
}
