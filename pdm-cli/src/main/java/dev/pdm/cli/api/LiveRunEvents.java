package dev.pdm.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.cli.text.TerminalText;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One run's events from the live WebSocket (docs/live-protocol.md), in {@code seq} order and each once: after a drop it
 * reconnects with {@code since} = the last seq received, so nothing is lost or repeated.
 */
public final class LiveRunEvents {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLOSED = "";
  private final PdmApi api;
  private final String runId;
  private final Duration reconnectFor;
  private long lastSeq;

  /** Follows {@code runId} from after {@code since}; gives up when no connection succeeds for {@code reconnectFor}. */
  public LiveRunEvents(PdmApi api, String runId, long since, Duration reconnectFor) {
    this.api = api;
    this.runId = runId;
    this.lastSeq = since;
    this.reconnectFor = reconnectFor;
  }

  /** The seq of the last event handed over. */
  public long lastSeq() {
    return lastSeq;
  }

  /** Hands each event message to {@code onEvent} until {@code done} holds (checked after each event and each second). */
  public void follow(Consumer<JsonNode> onEvent, BooleanSupplier done) {
    long giveUpAt = System.nanoTime() + reconnectFor.toNanos();
    long backoffMillis = 200;
    while (!done.getAsBoolean()) {
      BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
      WebSocket socket;
      try {
        socket = connect(inbox);
      } catch (CliFailure failure) {
        if (failure.exitCode() != CliFailure.UNREACHABLE || System.nanoTime() > giveUpAt) {
          throw failure;
        }
        pause(backoffMillis);
        backoffMillis = Math.min(backoffMillis * 2, 5000);
        continue;
      }
      try {
        if (read(inbox, onEvent, done)) {
          return;
        }
      } finally {
        socket.abort();
      }
      giveUpAt = System.nanoTime() + reconnectFor.toNanos();
      backoffMillis = 200;
    }
  }

  /** Reads until done (true) or until the connection drops (false). */
  private boolean read(BlockingQueue<String> inbox, Consumer<JsonNode> onEvent, BooleanSupplier done) {
    while (!done.getAsBoolean()) {
      String text = take(inbox);
      if (text == null) {
        continue;
      }
      if (text == CLOSED) {
        return false;
      }
      JsonNode message = parse(text);
      if ("event".equals(message.path("type").asText()) && runId.equals(message.path("run_id").asText())
          && message.path("seq").asLong() > lastSeq) {
        lastSeq = message.path("seq").asLong();
        onEvent.accept(message);
      }
    }
    return true;
  }

  private WebSocket connect(BlockingQueue<String> inbox) {
    WebSocket.Builder builder = api.http().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    api.server().token().ifPresent(token -> builder.header("Authorization", "Bearer " + token));
    try {
      return builder.buildAsync(api.server().live("run=" + PdmApi.segment(runId) + "&since=" + lastSeq),
          new Inbox(inbox)).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException handshake) {
        throw PdmApi.refused(api.server(), handshake.getResponse().statusCode(),
            parse(String.valueOf(handshake.getResponse().body())));
      }
      throw PdmApi.unreachable(api.server(), e.getCause());
    } catch (TimeoutException e) {
      throw PdmApi.unreachable(api.server(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(CliFailure.FAILED, "interrupted while connecting to " + api.server(), e);
    }
  }

  private static String take(BlockingQueue<String> inbox) {
    try {
      return inbox.poll(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(CliFailure.FAILED, "interrupted while watching", e);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(CliFailure.FAILED, "interrupted while reconnecting", e);
    }
  }

  private static JsonNode parse(String text) {
    try {
      return TerminalText.cleaned(JSON.readTree(text));
    } catch (IOException notJson) {
      return JSON.createObjectNode();
    }
  }

  /** Whole text messages into the queue; a close or an error as {@link #CLOSED}. */
  private static final class Inbox implements WebSocket.Listener {
    private final BlockingQueue<String> queue;
    private final StringBuilder partial = new StringBuilder();

    Inbox(BlockingQueue<String> queue) {
      this.queue = queue;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last && !partial.isEmpty()) {
        queue.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      queue.add(CLOSED);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      queue.add(CLOSED);
    }
  }
}
