package dev.pdm.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.server.PdmServer;
import dev.pdm.server.store.DatabaseUrl;
import dev.pdm.server.testing.SandboxedPdm;
import dev.pdm.server.testing.TestConfig;
import dev.pdm.server.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two replicas on one database: GitLab's webhooks go to replica A (the sandbox's hooks point there), a browser
 * watches replica B. B must show every event of the run, in order, with no gap and nothing twice.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class ReplicasTest {

  @Test
  void webhooksReceivedByReplicaAReachAWebSocketClientOnReplicaBInOrder(Vertx vertx, VertxTestContext test) {
    DatabaseUrl database = TestDatabase.fresh();
    List<JsonObject> seen = new CopyOnWriteArrayList<>();
    WebSocketClient client = vertx.createWebSocketClient();
    SandboxedPdm.start(vertx, "happy", database).compose(a ->
        PdmServer.start(vertx, a.config(), database, TestConfig.tokens()).compose(b ->
            client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(b.port())
                    .setURI("/api/v1/live").addHeader("Authorization", "Bearer " + TestConfig.VIEWER_TOKEN))
                .compose(ws -> {
                  ws.textMessageHandler(text -> seen.add(new JsonObject(text)));
                  return a.post("/api/v1/runs", new JsonObject());
                })
                .compose(created -> a.settled(created.bodyAsJsonObject().getString("id"))
                    .compose(run -> seenUpTo(vertx, seen, run.getLong("last_seq"), 60).map(run)))
                .map(run -> {
                  test.verify(() -> {
                    assertThat(run.getString("status")).isEqualTo("succeeded");
                    assertThat(a.gitLab().webhookDeliveries()).isNotEmpty();
                    List<Long> seqs = seen.stream().filter(m -> "event".equals(m.getString("type")))
                        .map(m -> m.getLong("seq")).toList();
                    assertThat(seqs).isNotEmpty();
                    for (int i = 1; i < seqs.size(); i++) {
                      assertThat(seqs.get(i)).as("event after seq %d", seqs.get(i - 1)).isEqualTo(seqs.get(i - 1) + 1);
                    }
                    assertThat(seqs.get(seqs.size() - 1)).isEqualTo(run.getLong("last_seq"));
                    assertThat(seen.stream().filter(m -> "event".equals(m.getString("type")))
                        .map(m -> m.getString("event"))).contains("JobStatusChanged", "PipelineStatusChanged");
                  });
                  return run;
                })
                .eventually(b::close))
            .eventually(a::close))
        .onComplete(test.succeedingThenComplete());
  }

  /** Waits (at most {@code tries} × 250 ms) until the client was sent the event numbered {@code seq}. */
  private static Future<Void> seenUpTo(Vertx vertx, List<JsonObject> seen, long seq, int tries) {
    boolean arrived = seen.stream().anyMatch(m -> "event".equals(m.getString("type")) && m.getLong("seq") >= seq);
    return arrived || tries == 0 ? Future.succeededFuture()
        : vertx.timer(250).compose(t -> seenUpTo(vertx, seen, seq, tries - 1));
  }
}
