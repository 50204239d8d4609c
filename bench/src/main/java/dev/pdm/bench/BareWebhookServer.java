package dev.pdm.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The floor of the webhook benchmarks: a bare Vert.x server that takes {@code POST /hooks/gitlab} as pdm does (the
 * {@code X-Gitlab-Token} compared in constant time before the body is read, the JSON body parsed, 202 with a small JSON
 * answer) and does nothing else: no GitLab read, no store. A delivery carrying {@code X-Bench-Echo: N} and
 * {@code X-Bench-Marker: M} (the benchmark's samples) makes it send an N-character text containing M to every WebSocket
 * connected to {@code /live}, as pdm sends the event the webhook led to. Run in its own JVM:
 * {@code java -cp pdm-bench.jar dev.pdm.bench.BareWebhookServer}.
 */
public final class BareWebhookServer {
  private static final byte[] SECRET = PdmUnderBench.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8);
  private static final String ACCEPTED = new JsonObject().put("message", "accepted").encode();

  private BareWebhookServer() {
  }

  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx();
    Set<ServerWebSocket> sockets = ConcurrentHashMap.newKeySet();
    vertx.createHttpServer().webSocketHandler(socket -> {
      sockets.add(socket);
      socket.closeHandler(v -> sockets.remove(socket));
    }).requestHandler(request -> hook(request, sockets)).listen(0, "127.0.0.1")
        .onSuccess(s -> System.out.println("bare webhook server ready: http://127.0.0.1:" + s.actualPort()));
  }

  private static void hook(HttpServerRequest request, Set<ServerWebSocket> sockets) {
    String token = request.getHeader("X-Gitlab-Token");
    if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), SECRET)) {
      request.response().setStatusCode(401).putHeader("Connection", "close").end();
      return;
    }
    request.body().onSuccess(body -> {
      JsonObject hook;
      try {
        hook = body.toJsonObject();
      } catch (RuntimeException e) {
        request.response().setStatusCode(400).end();
        return;
      }
      String echo = request.getHeader("X-Bench-Echo");
      if (echo != null && hook.containsKey("object_kind")) {
        String text = padded(request.getHeader("X-Bench-Marker"), Integer.parseInt(echo));
        sockets.forEach(socket -> socket.writeTextMessage(text));
      }
      request.response().setStatusCode(202).putHeader("content-type", "application/json").end(ACCEPTED);
    });
  }

  /** A JSON text of {@code length} characters (at least the marker's) carrying {@code marker}. */
  private static String padded(String marker, int length) {
    String head = "{\"type\":\"event\",\"marker\":\"" + marker + "\",\"pad\":\"";
    return head + "x".repeat(Math.max(0, length - head.length() - 2)) + "\"}";
  }
}
