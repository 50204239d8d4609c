package dev.pdm.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdm.cli.text.TerminalText;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;

/** The pdm server's REST API (docs/api.md), blocking: one request, one JSON answer, or a {@link CliFailure}. */
public final class PdmApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ServerAddress server;
  private final HttpClient http;

  public PdmApi(ServerAddress server) {
    this.server = server;
    // HTTP/1.1: the JDK client's default offers pdm an h2c upgrade on each new connection, and one such request in a
    // CI run was never answered (the CLI timed out after 60 s); a few sequential requests gain nothing from HTTP/2.
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  public ServerAddress server() {
    return server;
  }

  HttpClient http() {
    return http;
  }

  /** {@code GET path} with the given query parameters (empty values left out). */
  public JsonNode get(String path, Map<String, String> query) {
    return send(request(path + queryString(query)).GET().build());
  }

  public JsonNode get(String path) {
    return get(path, Map.of());
  }

  /** {@code POST path} with a JSON body. */
  public JsonNode post(String path, ObjectNode body) {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
  }

  /** {@code POST /api/v1/runs} with a fresh idempotency key, so a resent request never starts a second run. */
  public JsonNode requestRun() {
    return send(request("/api/v1/runs").header("Content-Type", "application/json")
        .header("Idempotency-Key", UUID.randomUUID().toString())
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
  }

  /** A new, empty JSON object for request bodies. */
  public static ObjectNode body() {
    return JSON.createObjectNode();
  }

  /** Percent-encodes one path segment (a run id or stage id typed by the user). */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(server.resolve(pathAndQuery))
        .timeout(Duration.ofSeconds(60)).header("Accept", "application/json");
    server.token().ifPresent(token -> builder.header("Authorization", "Bearer " + token));
    return builder;
  }

  private JsonNode send(HttpRequest request) {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw unreachable(server, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(CliFailure.FAILED, "interrupted while waiting for " + server, e);
    }
    JsonNode body = parse(response.body());
    if (response.statusCode() / 100 == 2) {
      return body;
    }
    throw refused(server, response.statusCode(), body);
  }

  /** The answer, its texts {@link TerminalText#clean cleaned}: they are GitLab's and anyone's, printed to a terminal. */
  private static JsonNode parse(String text) {
    try {
      return text == null || text.isBlank() ? JSON.createObjectNode() : TerminalText.cleaned(JSON.readTree(text));
    } catch (IOException notJson) {
      return JSON.createObjectNode().put("message", TerminalText.clean(text.strip()));
    }
  }

  /** The one line for a server that cannot be reached: its URL and why. */
  static CliFailure unreachable(ServerAddress server, Throwable e) {
    return new CliFailure(CliFailure.UNREACHABLE, "cannot reach the pdm server at " + server + ": " + cause(e), e);
  }

  private static String cause(Throwable e) {
    Throwable root = e;
    for (Throwable link = e; link != null; link = link.getCause() == link ? null : link.getCause()) {
      if (link instanceof HttpConnectTimeoutException) {
        return "connection timed out";
      }
      if (link instanceof HttpTimeoutException) {
        return "no answer within 60 s";
      }
      if (link instanceof ConnectException) {
        return "connection refused";
      }
      if (link instanceof UnresolvedAddressException || link instanceof UnknownHostException) {
        return "unknown host";
      }
      root = link;
    }
    return Optional.ofNullable(root.getMessage()).orElse(root.getClass().getSimpleName());
  }

  /** What a 4xx/5xx answer means for the user: missing token, missing role, or the server's own message. */
  static CliFailure refused(ServerAddress server, int status, JsonNode body) {
    String message = body.path("message").asText("HTTP " + status);
    if (status == 401) {
      String fix = server.token().isPresent() ? "the token given is not one of its API tokens"
          : "no token given: set --token, PDM_TOKEN or token= in the config file";
      return new CliFailure(CliFailure.NOT_AUTHORIZED, "the pdm server at " + server + " needs an API token (401): "
          + fix + " (" + message + ")");
    }
    if (status == 403) {
      return new CliFailure(CliFailure.NOT_AUTHORIZED, "this needs a token with the operator role (403): " + message);
    }
    StringJoiner problems = new StringJoiner("; ", message + ": ", "");
    problems.setEmptyValue(message);
    body.path("problems").forEach(problem -> problems.add(problem.asText()));
    String active = body.hasNonNull("active_run_id") ? " (active run " + body.get("active_run_id").asText() + ")" : "";
    return new CliFailure(CliFailure.FAILED, "the pdm server refused (" + status + "): " + problems + active);
  }

  private static String queryString(Map<String, String> query) {
    StringJoiner joined = new StringJoiner("&", "?", "");
    joined.setEmptyValue("");
    query.forEach((name, value) -> {
      if (value != null && !value.isEmpty()) {
        joined.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    });
    return joined.toString();
  }
}
