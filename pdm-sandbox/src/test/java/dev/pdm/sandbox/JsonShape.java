package dev.pdm.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Compares the shape of a sandbox JSON document with a real GitLab one: every field of the
 * fixture must exist in the sandbox's document with the same JSON type (null in the fixture
 * matches anything). Paths listed as exceptions (with why) may be null or absent in the sandbox.
 */
final class JsonShape {
  private JsonShape() {
  }

  static List<String> differences(JsonNode fixture, JsonNode actual, Map<String, String> exceptions) {
    List<String> problems = new ArrayList<>();
    compare("", fixture, actual, exceptions, problems);
    return problems;
  }

  private static void compare(String path, JsonNode fixture, JsonNode actual,
      Map<String, String> exceptions, List<String> problems) {
    if (exceptions.containsKey(path)) {
      return;
    }
    if (fixture.isNull()) {
      return;
    }
    if (actual == null || actual.isMissingNode()) {
      problems.add(path + ": missing (fixture has " + type(fixture) + ")");
      return;
    }
    if (!type(fixture).equals(type(actual))) {
      problems.add(path + ": " + type(actual) + " where the fixture has " + type(fixture));
      return;
    }
    if (fixture.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = fixture.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        compare(child, field.getValue(), actual.get(field.getKey()), exceptions, problems);
      }
    } else if (fixture.isArray() && fixture.size() > 0) {
      if (actual.size() == 0) {
        if (!exceptions.containsKey(path + "[]")) {
          problems.add(path + ": empty array where the fixture has elements");
        }
        return;
      }
      compare(path + "[]", fixture.get(0), actual.get(0), exceptions, problems);
    }
  }

  private static String type(JsonNode node) {
    if (node.isNumber()) {
      return "number";
    }
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
