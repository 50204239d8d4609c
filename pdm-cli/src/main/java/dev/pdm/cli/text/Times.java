package dev.pdm.cli.text;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Times as people read them: absolute (UTC) and relative to now; durations in s/m/h. */
public record Times(Clock clock) {
  private static final DateTimeFormatter ABSOLUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);

  /** {@code 2026-11-24 22:24:22 UTC (3m ago)}, or {@code -} without a time. */
  public String at(String iso) {
    return instant(iso).map(at -> ABSOLUTE.format(at) + " (" + ago(at) + ")").orElse("-");
  }

  /** {@code 2026-11-24 22:24:22 UTC}, or {@code -} without a time: the same text however late it is printed. */
  public String absolute(String iso) {
    return instant(iso).map(ABSOLUTE::format).orElse("-");
  }

  /** How long from {@code start} to {@code end} (to now while it has no end); empty before it started. */
  public String duration(String start, String end) {
    return instant(start).map(from -> format(Duration.between(from, instant(end).orElseGet(clock::instant))))
        .orElse("");
  }

  private String ago(Instant at) {
    Duration since = Duration.between(at, clock.instant());
    return since.isNegative() ? "in " + format(since.negated()) : format(since) + " ago";
  }

  /** {@code 3.7s}, {@code 4m05s}, {@code 2h03m}. */
  public static String format(Duration duration) {
    long millis = Math.max(0, duration.toMillis());
    if (millis < 60_000) {
      return String.format("%.1fs", millis / 1000.0);
    }
    long seconds = millis / 1000;
    if (seconds < 3600) {
      return String.format("%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
  }

  static Optional<Instant> instant(String iso) {
    if (iso == null || iso.isEmpty() || "null".equals(iso)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(iso));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
