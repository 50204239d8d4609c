package dev.pdm.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.server.store.DatabaseUrl;
import dev.pdm.server.store.RunStore;
import dev.pdm.server.testing.LongRunHistory;
import dev.pdm.server.testing.RunHistory;
import dev.pdm.server.testing.TestConfig;
import dev.pdm.server.testing.TestPools;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run of thousands of events, its state growing all along (a migration failing and retried again and again while its
 * log streams): what each event stores does not grow with the run, and its whole history is replayed to many clients
 * at once, slow readers included, none of them dropped. The scaled-down twin of the long-run benchmark (bench/).
 */
@ExtendWith(VertxExtension.class)
class LongRunTest {
  private static final Logger LOG = LoggerFactory.getLogger(LongRunTest.class);
  private static final int CYCLES = 25;
  private static final int LOG_READS = 392;
  private static final int CLIENTS = 8;
  private static final Duration STALL = Duration.ofSeconds(5);

  @Test
  void storedBytesPerEventDoNotGrowWithTheRunAndItsHistoryReplaysToEveryClient(Vertx vertx) throws Exception {
    DatabaseUrl url = TestPools.migratedUrl();
    Pool pool = TestPools.pool(vertx, url);
    RunStore store = new RunStore(pool);
    long writing = System.nanoTime();
    UUID runId = await(LongRunHistory.on(vertx, pool, store).compose(history -> history.write(CYCLES, LOG_READS)));
    LOG.info("wrote {} events in {} ms", CYCLES * LongRunHistory.eventsPerCycle(LOG_READS),
        (System.nanoTime() - writing) / 1_000_000);
    List<Row> events = new ArrayList<>();
    await(pool.preparedQuery("SELECT seq, type, pg_column_size(payload) AS bytes FROM run_events WHERE run_id = $1 "
        + "ORDER BY seq").execute(Tuple.of(runId))).forEach(events::add);
    long lastSeq = events.size();
    Row run = await(pool.preparedQuery("SELECT state, octet_length(state::text) AS bytes FROM runs WHERE id = $1")
        .execute(Tuple.of(runId))).iterator().next();
    JsonObject storedState = (JsonObject) run.getValue("state");
    int stateBytes = run.getInteger("bytes");

    assertThat(events).hasSize(CYCLES * LongRunHistory.eventsPerCycle(LOG_READS));
    int perCycle = LongRunHistory.eventsPerCycle(LOG_READS);
    Map<String, double[]> early = meanBytesByType(events.subList(1, perCycle * CYCLES / 5));
    Map<String, double[]> late = meanBytesByType(events.subList(events.size() - perCycle * CYCLES / 5, events.size()));
    LOG.info("run state {} bytes; bytes per event, first fifth {} last fifth {}", stateBytes, summary(early),
        summary(late));
    assertThat(late.keySet()).containsAll(List.of("RetryRequested", "ChecksCompleted", "PipelineTriggered",
        "JobStatusChanged", "PipelineStatusChanged", "TriageCompleted", "JobLog"));
    late.forEach((type, bytes) -> assertThat(bytes[0]).as("mean bytes stored per %s event, last fifth of the run "
        + "against the first fifth (%.0f)", type, early.get(type)[0]).isLessThanOrEqualTo(early.get(type)[0] * 1.2));
    assertThat(late.values().stream().mapToDouble(bytes -> bytes[0]).max().orElseThrow())
        .as("the largest mean event against the run's state as JSON (%d bytes)", stateBytes)
        .isLessThan(stateBytes / 10.0);

    Promise<HttpServer> listening = Promise.promise();
    LiveHub hub = new LiveHub(vertx, url.connectOptions(), store);
    Router router = Router.router(vertx);
    router.route("/api/*").handler(TestConfig.authentication(pool));
    router.get("/api/v1/live").handler(new LiveEndpoint(vertx, hub, store, Optional.empty(), Optional::empty,
        CLIENTS, STALL));
    hub.start().compose(v -> vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"))
        .onComplete(listening);
    HttpServer server = await(listening.future());
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(CLIENTS));
    long replaying = System.nanoTime();
    List<Future<Long>> replays = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      replays.add(replay(vertx, client, server.actualPort(), runId, lastSeq, storedState, i % 4 == 0));
    }
    List<Long> received = new ArrayList<>();
    for (Future<Long> replay : replays) {
      // Generous: on a loaded 2-core machine the replay of 10,000 events to every client took up to 108 s.
      received.add(replay.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES));
    }
    long replayMillis = (System.nanoTime() - replaying) / 1_000_000;
    int open = hub.sessionCount();
    await(client.close());
    await(server.close());
    await(hub.close());
    await(pool.close());

    LOG.info("replayed {} events to {} clients in {} ms", lastSeq, CLIENTS, replayMillis);
    assertThat(received).as("events each client received in order, a quarter of them reading slowly")
        .allSatisfy(n -> assertThat(n).isEqualTo(lastSeq));
    assertThat(open).as("sessions still open after the replay: none dropped").isEqualTo(CLIENTS);
  }

  /**
   * Connects with {@code since=0} and counts the events received in seq order until {@code last}, checking that the
   * changes rebuild the run as stored, event by event as a live client does; a slow client stops reading for a while
   * every 1,000 events.
   */
  private static Future<Long> replay(Vertx vertx, WebSocketClient client, int port, UUID runId, long last,
      JsonObject stored, boolean slow) {
    Promise<Long> done = Promise.promise();
    AtomicLong next = new AtomicLong(1);
    JsonObject[] state = {new JsonObject()};
    client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
            .setURI("/api/v1/live?run=" + runId + "&since=0")
            .addHeader("Authorization", "Bearer " + TestConfig.VIEWER_TOKEN))
        .onFailure(done::tryFail)
        .onSuccess(socket -> {
          socket.closeHandler(v -> done.tryFail("closed by the server after " + (next.get() - 1) + " events: "
              + socket.closeStatusCode() + " " + socket.closeReason()));
          socket.textMessageHandler(text -> {
            JsonObject message = new JsonObject(text);
            if (!"event".equals(message.getString("type"))) {
              return;
            }
            long seq = message.getLong("seq");
            if (seq != next.get()) {
              done.tryFail("event " + seq + " where " + next.get() + " was expected");
              return;
            }
            next.incrementAndGet();
            JsonArray changes = message.getJsonObject("payload").getJsonArray("changes");
            if (!slow && changes != null) {
              state[0] = RunHistory.apply(state[0], changes);
            }
            if (slow && seq % 1000 == 0) {
              pauseAWhile(vertx, socket);
            }
            if (seq == last) {
              if (!slow && !state[0].equals(stored)) {
                done.tryFail("the history rebuilds a run that is not the one stored: " + state[0].encode());
                return;
              }
              done.tryComplete(seq);
            }
          });
        });
    return done.future();
  }

  private static void pauseAWhile(Vertx vertx, WebSocket socket) {
    socket.pause();
    vertx.setTimer(300, id -> socket.resume());
  }

  /** Per event type: mean stored bytes and count. */
  private static Map<String, double[]> meanBytesByType(List<Row> rows) {
    Map<String, double[]> sums = new HashMap<>();
    for (Row row : rows) {
      double[] sum = sums.computeIfAbsent(row.getString("type"), type -> new double[2]);
      sum[0] += row.getInteger("bytes");
      sum[1]++;
    }
    sums.values().forEach(sum -> sum[0] /= sum[1]);
    return sums;
  }

  private static String summary(Map<String, double[]> means) {
    StringBuilder text = new StringBuilder();
    means.forEach((type, bytes) -> text.append(type).append('=').append(Math.round(bytes[0])).append(' '));
    return text.toString().trim();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
