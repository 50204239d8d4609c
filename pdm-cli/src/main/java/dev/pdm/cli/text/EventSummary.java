package dev.pdm.cli.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** One line saying what an event was about: its stage, status, kind, summary or reason. */
final class EventSummary {
  private static final List<String> FIELDS = List.of("stage_id", "kind", "status", "job_name", "step", "outcome",
      "send", "project", "ref", "pipeline_id", "summary", "reason", "detail", "error", "web_url", "link");

  private EventSummary() {
  }

  static String of(String type, JsonNode payload) {
    if ("Notification".equals(type)) {
      return notification(payload);
    }
    JsonNode subject = payload.has("event") ? payload.path("event") : payload;
    List<String> parts = new ArrayList<>();
    FIELDS.forEach(field -> {
      JsonNode value = subject.path(field);
      if (value.isValueNode() && !value.isNull()) {
        parts.add(field.equals("stage_id") ? value.asText() : field + "=" + value.asText());
      }
    });
    if ("JobLog".equals(type)) {
      parts.add(payload.path("lines").size() + " log line(s)");
    }
    return String.join(" ", parts);
  }

  /** {@code KIND stage: details  link}. */
  static String notification(JsonNode payload) {
    StringBuilder line = new StringBuilder(payload.path("kind").asText());
    if (payload.path("stage_id").isTextual()) {
      line.append(' ').append(payload.path("stage_id").asText());
    }
    List<String> details = RunText.texts(payload.path("details"));
    if (!details.isEmpty()) {
      line.append(": ").append(String.join("; ", details));
    }
    if (payload.path("link").isTextual()) {
      line.append("  ").append(payload.path("link").asText());
    }
    return line.toString();
  }
}
