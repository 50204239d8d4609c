package dev.pdm.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** N WebSocket clients of one server, in this (the load's) process, each recording when an awaited message reached it. */
final class LiveClients {
  private static final int CONNECT_BATCH = 200;
  private final List<WebSocket> sockets;
  private final WebSocketClient client;
  private volatile Receipt awaited;
  private volatile Consumer<String> listener = text -> { };

  private LiveClients(WebSocketClient client, List<WebSocket> sockets) {
    this.client = client;
    this.sockets = sockets;
  }

  /** Connects {@code n} clients to {@code path} of {@code server}, {@value #CONNECT_BATCH} at a time. */
  static LiveClients connect(Vertx vertx, int n, URI server, String path, String token) throws Exception {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(n)
        .setMaxFrameSize(1 << 20).setMaxMessageSize(16 << 20).setConnectTimeout(60_000));
    LiveClients clients = new LiveClients(client, new ArrayList<>());
    for (int start = 0; start < n; start += CONNECT_BATCH) {
      List<Future<WebSocket>> batch = new ArrayList<>();
      for (int i = start; i < Math.min(n, start + CONNECT_BATCH); i++) {
        int index = i;
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(server.getHost())
            .setPort(server.getPort()).setURI(path);
        if (token != null) {
          options.addHeader("Authorization", "Bearer " + token);
        }
        batch.add(client.connect(options).onSuccess(socket -> {
          socket.closeHandler(v -> System.out.printf(Locale.ROOT, "client %d of %s closed: %s %s%n", index, server,
              socket.closeStatusCode(), socket.closeReason()));
          socket.textMessageHandler(text -> {
            clients.listener.accept(text);
            Receipt receipt = clients.awaited;
            if (receipt != null) {
              receipt.received(index, text);
            }
          });
        }));
      }
      for (Future<WebSocket> socket : batch) {
        clients.sockets.add(socket.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES));
      }
    }
    return clients;
  }

  /** From now on, records when each client receives a message containing {@code marker}. */
  Receipt expect(String marker) {
    Receipt receipt = new Receipt(marker, sockets.size());
    awaited = receipt;
    return receipt;
  }

  /** From now on, records when each client receives a message containing every one of {@code markers}. */
  Receipt expectAll(List<String> markers) {
    Receipt receipt = new Receipt(markers, sockets.size());
    awaited = receipt;
    return receipt;
  }

  /** From now on, hands every message any client receives to {@code listener}, on the client's event loop. */
  void listen(Consumer<String> listener) {
    this.listener = listener;
  }

  /** The clients whose WebSocket is still open (the server may close some, e.g. with 1011 when overloaded). */
  int open() {
    return (int) sockets.stream().filter(socket -> !socket.isClosed()).count();
  }

  int size() {
    return sockets.size();
  }

  void close() throws Exception {
    client.close().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
  }
}
