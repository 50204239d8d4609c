package dev.pdm.server.logging;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads a run id, stage and replica out of a log call by pdm's convention of naming a value just before its
 * placeholder ({@code "run {} stage {}: ..."}, {@code "replica {} drives run {}"}): Vert.x callbacks hop threads, so a
 * thread-bound MDC cannot carry them, while every pdm log line already names them this way.
 */
final class LogFields {
  private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Map<String, String> NAMED = Map.of("run", "run_id", "stage", "stage", "replica", "replica",
      "orchestrator", "replica");

  private LogFields() {
  }

  /** The fields named in {@code template} with their values from {@code arguments}, in the order found. */
  static Map<String, String> of(String template, Object[] arguments) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (template == null || arguments == null) {
      return fields;
    }
    int argument = 0;
    for (int at = template.indexOf("{}"); at >= 0 && argument < arguments.length; at = template.indexOf("{}", at + 2)) {
      String field = NAMED.get(wordBefore(template, at));
      Object value = arguments[argument++];
      if (field != null && value != null && !fields.containsKey(field)
          && (!field.equals("run_id") || value instanceof UUID || UUID_TEXT.matcher(value.toString()).matches())) {
        fields.put(field, value.toString());
      }
    }
    return fields;
  }

  private static String wordBefore(String template, int at) {
    int end = at;
    while (end > 0 && template.charAt(end - 1) == ' ') {
      end--;
    }
    int start = end;
    while (start > 0 && Character.isLetter(template.charAt(start - 1))) {
      start--;
    }
    return template.substring(start, end).toLowerCase(java.util.Locale.ROOT);
  }
}
