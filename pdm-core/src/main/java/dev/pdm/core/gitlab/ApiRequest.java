package dev.pdm.core.gitlab;

import io.vertx.core.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One GitLab API request before it is sent: method, encoded path, query, optional JSON body and extra headers.
 * Immutable; the {@code with*} methods return copies.
 */
record ApiRequest(HttpMethod method, String path, List<Map.Entry<String, String>> query, Optional<Object> body,
                  Map<String, String> headers) {

  ApiRequest {
    query = List.copyOf(query);
    headers = Map.copyOf(headers);
  }

  static ApiRequest get(String path) {
    return new ApiRequest(HttpMethod.GET, path, List.of(), Optional.empty(), Map.of());
  }

  static ApiRequest write(HttpMethod method, String path, Object body) {
    return new ApiRequest(method, path, List.of(), Optional.of(body), Map.of());
  }

  /** Adds a query parameter; an absent ({@code null} or empty {@code Optional}) value adds nothing. */
  ApiRequest param(String name, Object value) {
    Object plain = value instanceof Optional<?> optional ? optional.orElse(null) : value;
    if (plain == null) {
      return this;
    }
    List<Map.Entry<String, String>> more = new ArrayList<>(query);
    more.add(Map.entry(name, String.valueOf(plain)));
    return new ApiRequest(method, path, more, body, headers);
  }

  /** Replaces a query parameter's value (used to move between pages). */
  ApiRequest replaceParam(String name, String value) {
    List<Map.Entry<String, String>> more = new ArrayList<>();
    query.stream().filter(e -> !e.getKey().equals(name)).forEach(more::add);
    more.add(Map.entry(name, value));
    return new ApiRequest(method, path, more, body, headers);
  }

  /** Replaces the whole query (a {@code Link: rel="next"} URL says what the next page's query is). */
  ApiRequest withQuery(List<Map.Entry<String, String>> newQuery) {
    return new ApiRequest(method, path, newQuery, body, headers);
  }

  ApiRequest header(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new ApiRequest(method, path, query, body, more);
  }

  /** The absolute URL under {@code apiUrl}, query encoded. */
  String url(String apiUrl) {
    StringBuilder url = new StringBuilder(apiUrl).append(path);
    char separator = '?';
    for (Map.Entry<String, String> e : query) {
      url.append(separator).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
      separator = '&';
    }
    return url.toString();
  }

  /** Encodes one path segment or query component (GitLab wants {@code group%2Fproject}, spaces as {@code %20}). */
  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
