package dev.pdm.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A plain HTTP client for tests (blocking, on the test thread). */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newHttpClient();
  private final String base;
  private final String token;

  Http(String base, String token) {
    this.base = base;
    this.token = token;
  }

  HttpResponse<String> get(String path, String... headers) {
    return send(request(path, headers).GET().build());
  }

  HttpResponse<String> post(String path, String json) {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  HttpResponse<String> postForm(String path, String form) {
    return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build());
  }

  HttpResponse<String> delete(String path) {
    return send(request(path).DELETE().build());
  }

  /**
   * POSTs and returns what the client got instead of an answer within {@code timeout} (a
   * closed connection, a timeout); fails the test if an answer came.
   */
  IOException postGetsNoAnswer(String path, String json, java.time.Duration timeout) {
    try {
      HttpResponse<String> answered = client.send(request(path).timeout(timeout)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
          HttpResponse.BodyHandlers.ofString());
      throw new AssertionError("POST " + path + " was answered " + answered.statusCode());
    } catch (IOException e) {
      return e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  HttpResponse<String> put(String path, String json) {
    return send(request(path).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  JsonNode json(String path) {
    HttpResponse<String> response = get(path);
    if (response.statusCode() != 200) {
      throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": "
          + response.body());
    }
    return parse(response.body());
  }

  static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
    if (token != null) {
      builder.header("PRIVATE-TOKEN", token);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder;
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
