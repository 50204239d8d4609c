package dev.pdm.cli.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.core.run.Durations;
import java.util.Locale;

/** A pending migration's risk and durations as text: its kind, what the runbook flags, the lines that show it. */
public final class RiskText {
  private RiskText() {
  }

  /** The kind in words. */
  public static String kind(String kind) {
    return switch (kind) {
      case "BATCHED_BACKGROUND_MIGRATION" -> "batched background migration queued";
      case "INDEX_CONCURRENTLY" -> "index concurrently";
      case "DDL", "DML" -> kind;
      default -> kind.toLowerCase(Locale.ROOT).replace('_', ' ');
    };
  }

  /** Seconds in words: 3.5 s, 15 min 2 s, 1 h 5 min. */
  public static String seconds(double value) {
    return Durations.words(value);
  }

  /** The flags and evidence lines of one migration, indented under the pending table. */
  public static String evidence(String version, JsonNode risk, Style style) {
    StringBuilder out = new StringBuilder();
    risk.path("flags").forEach(flag -> out.append("      ").append(version).append(' ').append(style.red("⚠ " + flag.asText()))
        .append('\n'));
    risk.path("evidence").forEach(line -> out.append("      ").append(version).append(" line ")
        .append(line.path("line").asInt()).append(' ').append(kind(line.path("kind").asText())).append(": ")
        .append(line.path("text").asText()).append('\n'));
    return out.toString();
  }
}
