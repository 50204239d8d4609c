package dev.pdm.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.server.testing.SandboxedPdm;
import dev.pdm.server.testing.TestConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A live client learns the overview without asking: in its snapshot, or in an overview message once it is read. */
@ExtendWith(VertxExtension.class)
class LiveOverviewTest {

  private static Optional<JsonObject> overviewIn(List<JsonObject> messages) {
    return messages.stream()
        .filter(m -> ("snapshot".equals(m.getString("type")) || "overview".equals(m.getString("type")))
            && m.getJsonObject("overview") != null)
        .map(m -> m.getJsonObject("overview")).findFirst();
  }

  @Test
  void theOverviewComesInTheSnapshotOrRightAfter(Vertx vertx, VertxTestContext test) {
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    // Held for the whole test: Vert.x closes a client nobody references, with its connections.
    WebSocketClient client = vertx.createWebSocketClient();
    SandboxedPdm.start(vertx, "incident-active").compose(pdm -> client
        .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(pdm.port()).setURI("/api/v1/live")
            .addHeader("Authorization", "Bearer " + TestConfig.VIEWER_TOKEN))
        .compose(ws -> {
          ws.textMessageHandler(text -> received.add(new JsonObject(text)));
          return waitFor(vertx, received, 100);
        })
        .eventually(client::close)
        .eventually(pdm::close))
        .onComplete(test.succeeding(overview -> test.verify(() -> {
          assertThat(overview.getJsonArray("environments").stream().map(JsonObject.class::cast)
              .map(e -> e.getString("name")).toList()).containsExactly("gstg", "gprd");
          JsonObject gstg = overview.getJsonArray("environments").getJsonObject(0);
          assertThat(gstg.getJsonObject("checks").getBoolean("may_proceed")).isFalse();
          test.completeNow();
        })));
  }

  private static Future<JsonObject> waitFor(Vertx vertx, List<JsonObject> received, int tries) {
    Optional<JsonObject> found = overviewIn(received);
    if (found.isPresent() || tries == 0) {
      return found.map(Future::succeededFuture).orElse(Future.failedFuture("no overview received: " + received));
    }
    return vertx.timer(100).compose(t -> waitFor(vertx, received, tries - 1));
  }
}
