package dev.pdm.sandbox.api;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An API call's parameters, looked up like Grape does: path, then query string, then form or
 * JSON body. Values are decoded; errors name the parameter and what was expected.
 */
public final class ApiRequest {
  private final String method;
  private final Map<String, String> path;
  private final MultiMap query;
  private final MultiMap form;
  private final JsonObject json;
  private final Optional<java.util.Set<String>> restrictedTo;

  ApiRequest(String method, Map<String, String> path, MultiMap query, MultiMap form,
      JsonObject json, Optional<java.util.Set<String>> restrictedTo) {
    this.method = method;
    this.restrictedTo = restrictedTo;
    this.path = Map.copyOf(path);
    this.query = query;
    this.form = form;
    this.json = json == null ? new JsonObject() : json;
  }

  /** Whether the caller's token can see the project at this path. */
  public boolean canSee(String projectPath) {
    return restrictedTo.map(paths -> paths.contains(projectPath)).orElse(true);
  }

  public String method() {
    return method;
  }

  public Optional<String> param(String name) {
    if (path.containsKey(name)) {
      return Optional.of(path.get(name));
    }
    if (query.contains(name)) {
      return Optional.of(query.get(name));
    }
    if (form.contains(name)) {
      return Optional.of(form.get(name));
    }
    Object value = json.getValue(name);
    if (value instanceof JsonArray array) {
      return Optional.of(String.join(",", array.stream().map(String::valueOf).toList()));
    }
    return Optional.ofNullable(value).map(String::valueOf);
  }

  /** A required parameter; 400 {@code {"error": "<name> is missing"}} when absent or blank. */
  public String required(String name) {
    return param(name).filter(v -> !v.isBlank())
        .orElseThrow(() -> ApiError.invalid(name + " is missing"));
  }

  public long requiredLong(String name) {
    String value = required(name);
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiError.invalid(name + " is invalid");
    }
  }

  /**
   * An optional parameter that must be one of {@code allowed}; 400 {@code {"error": "<name>
   * does not have a valid value"}} otherwise, as Grape answers.
   */
  public Optional<String> oneOf(String name, java.util.Set<String> allowed) {
    Optional<String> value = param(name);
    if (value.isPresent() && !allowed.contains(value.get())) {
      throw ApiError.invalid(name + " does not have a valid value");
    }
    return value;
  }

  public boolean flag(String name, boolean otherwise) {
    return param(name).map(v -> v.equals("true") || v.equals("1")).orElse(otherwise);
  }

  /** A comma-separated (or array) parameter, e.g. {@code labels=a,b} or {@code scope[]=failed}. */
  public List<String> list(String name) {
    List<String> values = new ArrayList<>();
    for (String key : List.of(name, name + "[]")) {
      query.getAll(key).forEach(v -> values.addAll(split(v)));
      form.getAll(key).forEach(v -> values.addAll(split(v)));
    }
    Object value = json.getValue(name);
    if (value instanceof JsonArray array) {
      array.forEach(v -> values.add(String.valueOf(v)));
    } else if (value != null) {
      values.addAll(split(String.valueOf(value)));
    }
    return List.copyOf(values);
  }

  /**
   * Objects sent as a JSON array ({@code "variables": [{"key":..}]}) or form-encoded as
   * {@code variables[][key]=..&variables[][value]=..}.
   */
  public List<JsonObject> objects(String name) {
    JsonArray array = json.getJsonArray(name);
    if (array != null) {
      return array.stream().filter(JsonObject.class::isInstance).map(JsonObject.class::cast)
          .toList();
    }
    List<JsonObject> objects = new ArrayList<>();
    for (MultiMap source : List.of(query, form)) {
      JsonObject current = null;
      for (Map.Entry<String, String> e : source.entries()) {
        if (!e.getKey().startsWith(name + "[][")) {
          continue;
        }
        String field = e.getKey().substring(name.length() + 3, e.getKey().length() - 1);
        if (current == null || current.containsKey(field)) {
          current = new JsonObject();
          objects.add(current);
        }
        current.put(field, e.getValue());
      }
    }
    return objects;
  }

  private static List<String> split(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
