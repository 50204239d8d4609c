package dev.pdm.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The floor of the fan-out benchmark: a bare Vert.x WebSocket server, with nothing of pdm (no store, no
 * authentication, no JSON), that sends the text POSTed to {@code /broadcast} to every WebSocket connected to
 * {@code /live}. Run in its own JVM, as pdm is: {@code java -cp pdm-bench.jar dev.pdm.bench.BareBroadcastServer}.
 */
public final class BareBroadcastServer {
  /** The line it prints once it listens, its URL in group 1. */
  static final Pattern READY = Pattern.compile("bare broadcast server ready: (http://\\S+)");

  private BareBroadcastServer() {
  }

  /** Starts one in its own JVM ({@code jvm} options, the bench jar {@code benchJar}), not waiting for it. */
  static BenchProcess launch(List<String> jvm, String benchJar) throws IOException {
    return BenchProcess.start(READY, jvm, List.of("-cp", benchJar, BareBroadcastServer.class.getName()));
  }

  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx();
    Set<ServerWebSocket> sockets = ConcurrentHashMap.newKeySet();
    HttpServer server = vertx.createHttpServer();
    server.webSocketHandler(socket -> {
      sockets.add(socket);
      socket.closeHandler(v -> sockets.remove(socket));
    }).requestHandler(request -> request.body().onSuccess(body -> {
      String text = body.toString();
      sockets.forEach(socket -> socket.writeTextMessage(text));
      request.response().end(Integer.toString(sockets.size()));
    })).listen(0, "127.0.0.1").onSuccess(s -> System.out.println("bare broadcast server ready: http://127.0.0.1:"
        + s.actualPort()));
  }
}
