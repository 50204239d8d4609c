package dev.pdm.sandbox.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matches {@code METHOD /path/:param} routes against raw request paths, decoding each segment
 * after splitting so that {@code group%2Fproject} and {@code db%2Fpost_migrate%2F...} work.
 */
final class ApiRouter {

  /** A route's handler. */
  interface Handler {
    ApiResponse handle(ApiRequest request);
  }

  record Match(Handler handler, Map<String, String> params) {
  }

  private record Route(String method, String[] segments, Handler handler) {
  }

  private final List<Route> routes = new ArrayList<>();

  ApiRouter get(String pattern, Handler handler) {
    return add("GET", pattern, handler);
  }

  ApiRouter post(String pattern, Handler handler) {
    return add("POST", pattern, handler);
  }

  ApiRouter put(String pattern, Handler handler) {
    return add("PUT", pattern, handler);
  }

  ApiRouter delete(String pattern, Handler handler) {
    return add("DELETE", pattern, handler);
  }

  private ApiRouter add(String method, String pattern, Handler handler) {
    routes.add(new Route(method, pattern.substring(1).split("/"), handler));
    return this;
  }

  /** The route matching a raw (still percent-encoded) path below the API root. */
  Optional<Match> match(String method, String rawPath) {
    String[] segments = rawPath.startsWith("/") ? rawPath.substring(1).split("/", -1)
        : rawPath.split("/", -1);
    for (Route route : routes) {
      if (!route.method.equals(method) && !(method.equals("HEAD") && route.method.equals("GET"))) {
        continue;
      }
      Map<String, String> params = matches(route.segments, segments);
      if (params != null) {
        return Optional.of(new Match(route.handler, params));
      }
    }
    return Optional.empty();
  }

  private static Map<String, String> matches(String[] pattern, String[] segments) {
    if (pattern.length != segments.length) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < pattern.length; i++) {
      String value = decode(segments[i]);
      if (pattern[i].startsWith(":")) {
        if (value.isEmpty()) {
          return null;
        }
        params.put(pattern[i].substring(1), value);
      } else if (!pattern[i].equals(value)) {
        return null;
      }
    }
    return params;
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
