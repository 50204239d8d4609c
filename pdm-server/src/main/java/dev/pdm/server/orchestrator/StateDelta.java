package dev.pdm.server.orchestrator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * What changed between two versions of a run's state, as a JSON Patch (RFC 6902) of {@code add}, {@code replace} and
 * {@code remove} operations: what an event carries instead of the whole run, so that an event's size depends on what
 * it changed (a stage's status, an attempt, a decision), never on how long the run is. Objects are compared key by
 * key; an array that only grew gets its new elements added at its end ({@code /-}); one of the same length is compared
 * element by element; any other array is replaced.
 */
final class StateDelta {
  private StateDelta() {
  }

  /** The operations that turn {@code before} into {@code after}; none when they are equal. */
  static JsonArray between(JsonObject before, JsonObject after) {
    JsonArray operations = new JsonArray();
    diff("", before, after, operations);
    return operations;
  }

  /** The whole state, for the first event of a run: one operation replacing the document. */
  static JsonArray whole(JsonObject state) {
    return new JsonArray().add(operation("replace", "", state));
  }

  private static void diff(String path, Object before, Object after, JsonArray operations) {
    if (same(before, after)) {
      return;
    }
    if (before instanceof JsonObject a && after instanceof JsonObject b) {
      for (String key : a.fieldNames()) {
        if (!b.containsKey(key)) {
          operations.add(new JsonObject().put("op", "remove").put("path", path + "/" + escape(key)));
        }
      }
      for (String key : b.fieldNames()) {
        String at = path + "/" + escape(key);
        if (a.containsKey(key)) {
          diff(at, a.getValue(key), b.getValue(key), operations);
        } else {
          operations.add(operation("add", at, b.getValue(key)));
        }
      }
    } else if (before instanceof JsonArray a && after instanceof JsonArray b && b.size() >= a.size()
        && (b.size() == a.size() || prefixOf(a, b))) {
      for (int i = 0; i < a.size(); i++) {
        diff(path + "/" + i, a.getValue(i), b.getValue(i), operations);
      }
      for (int i = a.size(); i < b.size(); i++) {
        operations.add(operation("add", path + "/-", b.getValue(i)));
      }
    } else {
      operations.add(operation("replace", path, after));
    }
  }

  private static boolean prefixOf(JsonArray shorter, JsonArray longer) {
    for (int i = 0; i < shorter.size(); i++) {
      if (!same(shorter.getValue(i), longer.getValue(i))) {
        return false;
      }
    }
    return true;
  }

  private static JsonObject operation(String op, String path, Object value) {
    return new JsonObject().put("op", op).put("path", path).put("value", value);
  }

  /** Equal as JSON: numbers by value, whatever their Java type. */
  private static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
    }
    if (a instanceof JsonObject x && b instanceof JsonObject y) {
      if (!x.fieldNames().equals(y.fieldNames())) {
        return false;
      }
      return x.fieldNames().stream().allMatch(key -> same(x.getValue(key), y.getValue(key)));
    }
    if (a instanceof JsonArray x && b instanceof JsonArray y) {
      return x.size() == y.size() && prefixOf(x, y);
    }
    return Objects.equals(a, b);
  }

  /** A key as a JSON Pointer segment (RFC 6901). */
  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
