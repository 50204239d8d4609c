package dev.pdm.core.run;

import java.util.Locale;

/** Durations in words for announcements: {@code 4.2 s}, {@code 15 min 3 s}, {@code 2 h 5 min}. */
public final class Durations {
  private Durations() {
  }

  /** {@code seconds} in words. */
  public static String words(double seconds) {
    if (seconds < 60) {
      return String.format(Locale.ROOT, seconds < 10 ? "%.1f s" : "%.0f s", seconds);
    }
    long whole = Math.round(seconds);
    if (whole < 3600) {
      return whole / 60 + " min" + (whole % 60 == 0 ? "" : " " + whole % 60 + " s");
    }
    return whole / 3600 + " h" + (whole % 3600 / 60 == 0 ? "" : " " + whole % 3600 / 60 + " min");
  }
}
