package dev.pdm.sandbox;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** An HTTP endpoint recording the webhooks it receives, answering a fixed status. */
final class HookReceiver implements AutoCloseable {
  record Received(MultiMap headers, JsonObject body) {
    String event() {
      return headers.get("X-Gitlab-Event");
    }
  }

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  volatile int status = 200;

  HookReceiver(Vertx vertx) {
    server = RunningSandbox.await(vertx.createHttpServer().requestHandler(request ->
        request.body().onSuccess(body -> {
          received.add(new Received(MultiMap.caseInsensitiveMultiMap()
              .addAll(request.headers()), body.toJsonObject()));
          request.response().setStatusCode(status).end();
        })).listen(0, "127.0.0.1"));
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/hooks/gitlab";
  }

  List<Received> received(String event) {
    return received.stream().filter(r -> event.equals(r.event())).toList();
  }

  /** Waits (on the test thread) until a matching delivery arrived. */
  Received await(String event, Predicate<JsonObject> matching) {
    long deadline = System.currentTimeMillis() + 5000;
    while (System.currentTimeMillis() < deadline) {
      for (Received r : received(event)) {
        if (matching.test(r.body())) {
          return r;
        }
      }
      pause(20);
    }
    throw new AssertionError("no " + event + " matching within 5s; got " + received.size());
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    RunningSandbox.await(server.close());
  }
}
