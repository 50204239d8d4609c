package dev.pdm.server.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for Slack's incoming webhooks that records every post. Paths ending in {@code /fail} answer 500 and
 * quote the request's path back (as a careless server might); paths ending in {@code /silent} never answer; any other
 * path answers 200 "ok".
 */
final class RecordingChatSink {

  /** One post as the sink received it. */
  record Post(String path, String contentType, JsonObject body, long receivedAtNanos) {
  }

  final List<Post> posts = new CopyOnWriteArrayList<>();
  private HttpServer server;

  Future<RecordingChatSink> start(Vertx vertx) {
    return vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1").map(started -> {
      server = started;
      return this;
    });
  }

  /** A webhook URL on this sink; its path looks like Slack's, token included. */
  String url(String token, String behaviour) {
    return "http://127.0.0.1:" + server.actualPort() + "/services/T0PDM/B0PDM/" + token + "/" + behaviour;
  }

  List<Post> postsTo(String token) {
    return posts.stream().filter(p -> p.path().contains(token)).toList();
  }

  private void handle(HttpServerRequest request) {
    long receivedAt = System.nanoTime();
    request.body().onSuccess(body -> {
      posts.add(new Post(request.path(), request.getHeader("Content-Type"), body.toJsonObject(), receivedAt));
      if (request.path().endsWith("/fail")) {
        request.response().setStatusCode(500).end("internal_error while posting to " + request.path());
      } else if (!request.path().endsWith("/silent")) {
        request.response().end("ok");
      }
    });
  }
}
