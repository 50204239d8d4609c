package dev.pdm.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The floor of the long-run benchmark: a bare Vert.x WebSocket server, with nothing of pdm (no store, no
 * authentication, no JSON), that sends every WebSocket connected to it the messages of a file (one text message a
 * line), from memory, with pdm's backpressure rule: the same write queue (1 MiB), and when a write fills it, the next
 * waits for it to drain. Run in its own JVM, as pdm is:
 * {@code java -cp pdm-bench.jar dev.pdm.bench.BareReplayServer MESSAGES_FILE}.
 */
public final class BareReplayServer {
  /** As pdm's {@code LiveEndpoint}: what a session may have queued before its next write waits. */
  private static final int MAX_QUEUED_BYTES = 1024 * 1024;

  private BareReplayServer() {
  }

  public static void main(String[] args) throws Exception {
    List<String> messages = Files.readAllLines(Path.of(args[0]));
    Vertx vertx = Vertx.vertx();
    vertx.createHttpServer()
        .webSocketHandler(socket -> {
          socket.setWriteQueueMaxSize(MAX_QUEUED_BYTES);
          send(socket, messages, 0);
        })
        .listen(0, "127.0.0.1")
        .onSuccess(s -> System.out.println("bare replay server ready (" + messages.size() + " messages): "
            + "http://127.0.0.1:" + s.actualPort()));
  }

  /** Writes from {@code from} on until the queue is full, then goes on once it drained. */
  private static void send(ServerWebSocket socket, List<String> messages, int from) {
    for (int i = from; i < messages.size(); i++) {
      socket.writeTextMessage(messages.get(i));
      if (socket.writeQueueFull() && i + 1 < messages.size()) {
        int next = i + 1;
        socket.drainHandler(v -> send(socket, messages, next));
        return;
      }
    }
  }
}
