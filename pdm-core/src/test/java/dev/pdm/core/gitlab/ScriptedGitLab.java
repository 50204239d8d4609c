package dev.pdm.core.gitlab;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A real HTTP server answering GitLab API paths with scripted responses (the real GitLab fixtures, or faults),
 * for testing the client's mechanics: each call to a route takes its next response; the last one repeats.
 */
final class ScriptedGitLab {

  /** What the server saw: method, path (raw, query excluded), query, headers of interest and body. */
  record Seen(String method, String path, String query, String token, String ifNoneMatch, String range, String body) {
  }

  private final Map<String, Deque<Consumer<HttpServerRequest>>> routes = new ConcurrentHashMap<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private HttpServer server;

  static Future<ScriptedGitLab> start(Vertx vertx) {
    ScriptedGitLab gitLab = new ScriptedGitLab();
    gitLab.server = vertx.createHttpServer().requestHandler(gitLab::handle);
    return gitLab.server.listen(0, "127.0.0.1").map(s -> gitLab);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  List<Seen> seen() {
    return List.copyOf(seen);
  }

  long count(String method, String path) {
    return seen.stream().filter(s -> s.method().equals(method) && s.path().equals(path)).count();
  }

  /** Scripts the responses to {@code method path} (path under {@code /api/v4}, raw as sent). */
  @SafeVarargs
  final ScriptedGitLab on(String method, String path, Consumer<HttpServerRequest>... responses) {
    routes.put(method + " /api/v4" + path, new ArrayDeque<>(List.of(responses)));
    return this;
  }

  static Consumer<HttpServerRequest> json(int status, String body, String... headerPairs) {
    return request -> {
      var response = request.response().setStatusCode(status).putHeader("Content-Type", "application/json");
      for (int i = 0; i < headerPairs.length; i += 2) {
        response.putHeader(headerPairs[i], headerPairs[i + 1]);
      }
      response.end(body);
    };
  }

  static Consumer<HttpServerRequest> fixture(String name, String... headerPairs) {
    return json(200, fixtureText(name), headerPairs);
  }

  static Consumer<HttpServerRequest> silence() {
    return request -> { };
  }

  static String fixtureText(String name) {
    try {
      return Files.readString(Path.of(System.getProperty("pdm.fixtures"), "rest", name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      seen.add(new Seen(request.method().name(), request.path(), request.query(), request.getHeader("PRIVATE-TOKEN"),
          request.getHeader("If-None-Match"), request.getHeader("Range"), body.toString()));
      Deque<Consumer<HttpServerRequest>> script = routes.get(request.method().name() + " " + request.path());
      if (script == null) {
        request.response().setStatusCode(404).end("{\"message\":\"404 Not Found\"}");
        return;
      }
      Consumer<HttpServerRequest> next;
      synchronized (script) {
        next = script.size() > 1 ? script.poll() : script.peek();
      }
      next.accept(request);
    });
  }
}
