package dev.pdm.core.triage;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns one raw job-log line into the text a reader sees: ANSI escape sequences, GitLab's collapsible-section markers
 * and carriage returns removed.
 */
final class LogLineCleaner {
  private static final char ESC = '\u001b';
  private static final char BEL = '\u0007';
  private static final Pattern SECTION_MARKER =
      Pattern.compile("section_(?:start|end):\\d+:[^\\s\\[\\r]+(?:\\[[^\\]\\r]*\\])?\\r?");

  private LogLineCleaner() {
  }

  /** The visible text of {@code raw} (without its line terminator); empty when the line only carried section markers. */
  static Optional<String> clean(String raw) {
    String text = withoutEscapes(raw);
    if (text.contains("section_")) {
      String unmarked = SECTION_MARKER.matcher(text).replaceAll("");
      if (unmarked.length() != text.length() && unmarked.isBlank()) {
        return Optional.empty();
      }
      text = unmarked;
    }
    return Optional.of(text.indexOf('\r') < 0 ? text : lastOverwrite(text));
  }

  /** A terminal shows what was written after the last carriage return; a trailing one (CRLF) overwrites nothing. */
  private static String lastOverwrite(String text) {
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '\r') {
      end--;
    }
    return text.substring(text.lastIndexOf('\r', end - 1) + 1, end);
  }

  private static String withoutEscapes(String raw) {
    int first = raw.indexOf(ESC);
    if (first < 0) {
      return raw;
    }
    StringBuilder out = new StringBuilder(raw.length());
    out.append(raw, 0, first);
    int i = first;
    int length = raw.length();
    while (i < length) {
      char c = raw.charAt(i);
      if (c != ESC) {
        out.append(c);
        i++;
      } else {
        i = skipEscape(raw, i + 1);
      }
    }
    return out.toString();
  }

  /** Skips a CSI ({@code ESC [ params final}), an OSC ({@code ESC ] ... BEL|ESC \}) or a two-character escape. */
  private static int skipEscape(String raw, int afterEsc) {
    int length = raw.length();
    if (afterEsc >= length) {
      return length;
    }
    char kind = raw.charAt(afterEsc);
    int i = afterEsc + 1;
    if (kind == '[') {
      while (i < length && (raw.charAt(i) < '@' || raw.charAt(i) > '~')) {
        i++;
      }
      return Math.min(i + 1, length);
    }
    if (kind == ']') {
      while (i < length) {
        char c = raw.charAt(i);
        if (c == BEL) {
          return i + 1;
        }
        if (c == ESC && i + 1 < length && raw.charAt(i + 1) == '\\') {
          return i + 2;
        }
        i++;
      }
      return length;
    }
    return i;
  }
}
