package dev.pdm.server.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Blocking HTTP requests to a pdm on 127.0.0.1, as any client could send them (headers and body as given), for tests
 * that probe what pdm answers. Call it from JUnit's thread, never from an event loop.
 */
public final class HttpProbe implements AutoCloseable {
  private final WebClient client;
  private final int port;

  public HttpProbe(Vertx vertx, int port) {
    this.client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
    this.port = port;
  }

  /** What pdm answered. */
  public record Answer(int status, MultiMap headers, String body, List<String> cookies) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public String header(String name) {
      return headers.get(name);
    }
  }

  public Answer send(HttpMethod method, String path, Map<String, String> headers, String body) {
    HttpRequest<Buffer> request = client.request(method, port, "127.0.0.1", path);
    headers.forEach(request::putHeader);
    Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendBuffer(Buffer.buffer(body));
    HttpResponse<Buffer> response = await(sent);
    return new Answer(response.statusCode(), response.headers(), response.bodyAsString() == null ? ""
        : response.bodyAsString(), response.cookies());
  }

  public Answer get(String path, Map<String, String> headers) {
    return send(HttpMethod.GET, path, headers, null);
  }

  /** {@code headers} plus {@code Authorization: Bearer token}. */
  public static Map<String, String> bearer(String token, Map<String, String> headers) {
    java.util.Map<String, String> all = new java.util.LinkedHashMap<>(headers);
    all.put("Authorization", "Bearer " + token);
    return all;
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("waiting for pdm: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
