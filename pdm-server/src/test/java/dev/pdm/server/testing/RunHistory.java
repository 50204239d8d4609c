package dev.pdm.server.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A run's state rebuilt from its events as a client of the live protocol does it (docs/live-protocol.md): each event's
 * {@code payload.changes} (JSON Patch operations) applied in order to the state so far.
 */
public final class RunHistory {
  private RunHistory() {
  }

  /** The state after {@code events} (as {@code GET /api/v1/runs/{id}/events} lists them), starting from nothing. */
  public static JsonObject replay(List<JsonObject> events) {
    return replay(new JsonObject(), events);
  }

  /** The state after {@code events}, starting from {@code state} (not changed). */
  public static JsonObject replay(JsonObject state, List<JsonObject> events) {
    JsonObject current = state.copy();
    for (JsonObject event : events) {
      JsonArray changes = event.getJsonObject("payload").getJsonArray("changes");
      if (changes != null) {
        current = apply(current, changes);
      }
    }
    return current;
  }

  /** Applies JSON Patch operations ({@code add}, {@code replace}, {@code remove}) to {@code state} in place. */
  public static JsonObject apply(JsonObject state, JsonArray changes) {
    JsonObject root = state;
    for (Object item : changes) {
      JsonObject change = (JsonObject) item;
      String path = change.getString("path");
      String op = change.getString("op");
      if (path.isEmpty()) {
        root = change.getJsonObject("value").copy();
        continue;
      }
      String[] keys = path.substring(1).split("/", -1);
      Object parent = root;
      for (int i = 0; i < keys.length - 1; i++) {
        parent = child(parent, unescape(keys[i]));
      }
      String last = unescape(keys[keys.length - 1]);
      Object given = change.getValue("value");
      Object value = given instanceof JsonObject o ? o.copy() : given instanceof JsonArray a ? a.copy() : given;
      if (parent instanceof JsonObject object) {
        if ("remove".equals(op)) {
          object.remove(last);
        } else {
          object.put(last, value);
        }
      } else {
        JsonArray array = (JsonArray) parent;
        if ("remove".equals(op)) {
          array.remove(Integer.parseInt(last));
        } else if ("-".equals(last)) {
          array.add(value);
        } else if ("add".equals(op)) {
          array.getList().add(Integer.parseInt(last), value);
        } else {
          array.set(Integer.parseInt(last), value);
        }
      }
    }
    return root;
  }

  private static Object child(Object parent, String key) {
    return parent instanceof JsonObject object ? object.getValue(key)
        : ((JsonArray) parent).getValue(Integer.parseInt(key));
  }

  private static String unescape(String key) {
    return key.replace("~1", "/").replace("~0", "~");
  }
}
