package dev.pdm.core.chatops;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Small ways of writing things in chat answers: short SHAs and ids, times, enum constants in words. */
final class ChatWords {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  private ChatWords() {
  }

  static String shortSha(String sha) {
    return sha == null ? "?" : sha.length() > 11 ? sha.substring(0, 11) : sha;
  }

  static String shortId(String id) {
    return id.length() > 8 ? id.substring(0, 8) : id;
  }

  static String time(Instant at) {
    return TIME.format(at);
  }

  /** {@code WAITING_FOR_DECISION} → {@code waiting for decision}. */
  static String words(String constant) {
    return constant.toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** At most {@code max} characters, with an ellipsis where cut. */
  static String cut(String text, int max) {
    String oneLine = text.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
  }
}
