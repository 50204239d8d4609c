package dev.pdm.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A cursor over one object of the YAML tree that reads typed values and records, instead of throwing, every
 * problem it meets; it also remembers which keys were read so that unread (unknown) keys can be reported.
 */
final class ConfigNode {
  private final JsonNode node;
  private final String path;
  private final List<ConfigProblem> problems;
  private final Set<String> readPaths;
  private final Set<String> secretPaths;

  private ConfigNode(JsonNode node, String path, List<ConfigProblem> problems, Set<String> readPaths,
      Set<String> secretPaths) {
    this.node = node;
    this.path = path;
    this.problems = problems;
    this.readPaths = readPaths;
    this.secretPaths = secretPaths;
  }

  static ConfigNode root(JsonNode node, List<ConfigProblem> problems, Set<String> readPaths, Set<String> secretPaths) {
    return new ConfigNode(node, "", problems, readPaths, secretPaths);
  }

  String path() {
    return path;
  }

  boolean has(String key) {
    JsonNode v = node == null ? null : node.get(key);
    return v != null && !v.isNull();
  }

  /** The object under {@code key}; an absent key gives an empty object so that defaults apply. */
  ConfigNode object(String key) {
    JsonNode v = raw(key);
    if (v != null && !v.isObject()) {
      problem(key, describe(key, v), "a mapping of keys to values");
      v = null;
    }
    return new ConfigNode(v, childPath(key), problems, readPaths, secretPaths);
  }

  Optional<String> optionalString(String key) {
    JsonNode v = raw(key);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isValueNode() || v.isBinary()) {
      problem(key, describe(key, v), "a text value");
      return Optional.empty();
    }
    String text = v.asText().trim();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  String string(String key, String defaultValue) {
    return optionalString(key).orElse(defaultValue);
  }

  /** A required text value; reports {@code required} and returns an empty string when absent. */
  String requiredString(String key) {
    Optional<String> value = optionalString(key);
    if (value.isEmpty() && !hasProblemAt(key)) {
      problem(key, null, "required");
    }
    return value.orElse("");
  }

  Optional<Secret> secret(String key) {
    secretPaths.add(childPath(key));
    return optionalString(key).map(Secret::of);
  }

  int integer(String key, int defaultValue, int min, int max) {
    JsonNode v = raw(key);
    if (v == null) {
      return defaultValue;
    }
    String text = v.asText().trim();
    try {
      if (!(v.isIntegralNumber() || v.isTextual())) {
        throw new NumberFormatException();
      }
      int value = Integer.parseInt(text);
      if (value < min || value > max) {
        problem(key, text, "a whole number from " + min + " to " + max);
        return defaultValue;
      }
      return value;
    } catch (NumberFormatException e) {
      problem(key, describe(key, v), "a whole number from " + min + " to " + max);
      return defaultValue;
    }
  }

  boolean bool(String key, boolean defaultValue) {
    JsonNode v = raw(key);
    if (v == null) {
      return defaultValue;
    }
    String text = v.asText().trim().toLowerCase(java.util.Locale.ROOT);
    if (v.isBoolean() || text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    problem(key, describe(key, v), "true or false");
    return defaultValue;
  }

  <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) {
    Optional<String> text = optionalString(key);
    if (text.isEmpty()) {
      return defaultValue;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text.get())) {
        return constant;
      }
    }
    List<String> allowed = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      allowed.add(constant.name().toLowerCase(java.util.Locale.ROOT));
    }
    problem(key, text.get(), "one of " + String.join(", ", allowed));
    return defaultValue;
  }

  /** An absolute http(s) URL without trailing slash, or empty when absent. */
  Optional<String> url(String key, boolean secret) {
    if (secret) {
      secretPaths.add(childPath(key));
    }
    Optional<String> text = optionalString(key);
    if (text.isEmpty()) {
      return text;
    }
    String value = text.get();
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme();
      if (scheme == null || uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
        throw new IllegalArgumentException();
      }
      return Optional.of(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
    } catch (Exception e) {
      problem(key, secret ? "******" : value, "an absolute http:// or https:// URL");
      return Optional.empty();
    }
  }

  List<String> strings(String key, List<String> defaultValue) {
    JsonNode v = raw(key);
    if (v == null) {
      return defaultValue;
    }
    if (v.isTextual()) {
      List<String> split = new ArrayList<>();
      for (String part : v.asText().split(",")) {
        if (!part.isBlank()) {
          split.add(part.trim());
        }
      }
      return List.copyOf(split);
    }
    if (!v.isArray()) {
      problem(key, describe(key, v), "a list of text values");
      return defaultValue;
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      if (item.isValueNode() && !item.asText().isBlank()) {
        values.add(item.asText().trim());
      } else {
        problems.add(new ConfigProblem(childPath(key) + "[" + i + "]", describe(key, item), "a non-empty text value"));
      }
    }
    return List.copyOf(values);
  }

  Map<String, String> stringMap(String key) {
    JsonNode v = raw(key);
    if (v == null) {
      return Map.of();
    }
    if (!v.isObject()) {
      problem(key, describe(key, v), "a mapping of names to text values");
      return Map.of();
    }
    Map<String, String> values = new LinkedHashMap<>();
    v.fields().forEachRemaining(e -> {
      readPaths.add(childPath(key) + "." + e.getKey());
      if (e.getValue().isValueNode() && !e.getValue().isNull()) {
        values.put(e.getKey(), e.getValue().asText());
      } else {
        problems.add(new ConfigProblem(childPath(key) + "." + e.getKey(), describe(key, e.getValue()), "a text value"));
      }
    });
    return Collections.unmodifiableMap(values);
  }

  /** A list of objects, each read by {@code reader}; absent gives {@code defaultValue}. */
  <T> List<T> list(String key, Function<ConfigNode, T> reader, List<T> defaultValue) {
    JsonNode v = raw(key);
    if (v == null) {
      return defaultValue;
    }
    if (!v.isArray()) {
      problem(key, describe(key, v), "a list");
      return defaultValue;
    }
    List<T> values = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      String itemPath = childPath(key) + "[" + i + "]";
      readPaths.add(itemPath);
      JsonNode item = v.get(i);
      if (!item.isObject()) {
        problems.add(new ConfigProblem(itemPath, describe(key, item), "a mapping of keys to values"));
        continue;
      }
      values.add(reader.apply(new ConfigNode(item, itemPath, problems, readPaths, secretPaths)));
    }
    return List.copyOf(values);
  }

  void problem(String key, String value, String expected) {
    problems.add(new ConfigProblem(childPath(key), value, expected));
  }

  private boolean hasProblemAt(String key) {
    String p = childPath(key);
    return problems.stream().anyMatch(problem -> problem.path().equals(p));
  }

  private JsonNode raw(String key) {
    readPaths.add(childPath(key));
    JsonNode v = node == null ? null : node.get(key);
    return v == null || v.isNull() ? null : v;
  }

  private String describe(String key, JsonNode v) {
    if (secretPaths.contains(childPath(key))) {
      return "******";
    }
    if (v.isObject()) {
      return "a mapping";
    }
    if (v.isArray()) {
      return "a list";
    }
    return v.asText();
  }

  private String childPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
