package dev.pdm.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A run's state rebuilt from the live protocol's events (docs/live-protocol.md, version 2): each event carries in
 * {@code payload.changes} what it changed, as JSON Patch operations ({@code add}, {@code replace}, {@code remove}) on
 * the run's {@code state}; applied in {@code seq} order from the first event (or from a snapshot), they give the run
 * as it is.
 */
public final class RunChanges {
  private RunChanges() {
  }

  /** An empty state, before the run's first event. */
  public static ObjectNode none() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Applies {@code changes} to {@code state} (changed in place unless the whole document is replaced); returns it. */
  public static JsonNode apply(JsonNode state, JsonNode changes) {
    JsonNode root = state;
    for (JsonNode change : changes) {
      String path = change.path("path").asText();
      String op = change.path("op").asText();
      JsonNode value = change.has("value") ? change.get("value").deepCopy() : null;
      if (path.isEmpty()) {
        root = value;
        continue;
      }
      String[] keys = path.substring(1).split("/", -1);
      JsonNode parent = root;
      for (int i = 0; i < keys.length - 1; i++) {
        String key = unescape(keys[i]);
        parent = parent.isArray() ? parent.get(Integer.parseInt(key)) : parent.get(key);
      }
      String last = unescape(keys[keys.length - 1]);
      if (parent instanceof ObjectNode object) {
        if ("remove".equals(op)) {
          object.remove(last);
        } else {
          object.set(last, value);
        }
      } else if (parent instanceof ArrayNode array) {
        if ("remove".equals(op)) {
          array.remove(Integer.parseInt(last));
        } else if ("-".equals(last)) {
          array.add(value);
        } else if ("add".equals(op)) {
          array.insert(Integer.parseInt(last), value);
        } else {
          array.set(Integer.parseInt(last), value);
        }
      }
    }
    return root;
  }

  private static String unescape(String key) {
    return key.replace("~1", "/").replace("~0", "~");
  }
}
