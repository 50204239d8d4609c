package dev.pdm.core.triage;

/**
 * Row data that PostgreSQL quotes in its errors ({@code DETAIL:  Key (email)=(someone@example.com) already exists},
 * {@code Failing row contains (42, someone@example.com, ...)}), taken out of text pdm writes outside itself (incident,
 * chat, release issue): production data has no place in a public issue or a channel. The keys stay, so the error
 * still says which constraint and which columns; operators read the whole error in pdm.
 */
public final class RowData {
  /** What replaces the values. */
  public static final String REDACTED = "[redacted]";
  private static final String[] VALUES_AFTER = {"Key (", "key (", "Failing row contains ("};
  /** Longer than any column list of a real key, short enough that scanning for its end stays cheap. */
  private static final int MAX_COLUMNS_CHARS = 1024;

  private RowData() {
  }

  /** {@code text} with the values of every key and failing row replaced by {@link #REDACTED}. */
  public static String redact(String text) {
    if (text == null || text.indexOf('(') < 0) {
      return text;
    }
    Markers markers = new Markers(text);
    if (markers.next(0) < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    for (int at = markers.next(0); at >= 0; at = markers.next(at + 1)) {
      if (at < copied) {
        continue;
      }
      String marker = markers.at(at);
      int open = at + marker.length() - 1;
      if (marker.startsWith("Failing")) {
        out.append(text, copied, open + 1).append(REDACTED);
        copied = closing(text, open, text.length());
        continue;
      }
      int columnsClose = closing(text, open, Math.min(text.length(), open + MAX_COLUMNS_CHARS));
      if (columnsClose >= text.length() || columnsClose == open + MAX_COLUMNS_CHARS) {
        // Columns this long are no key PostgreSQL wrote; whatever follows may be values: keep none of the line.
        int lineEnd = text.indexOf('\n', open);
        out.append(text, copied, open + 1).append(REDACTED);
        copied = lineEnd < 0 ? text.length() : lineEnd;
      } else if (text.startsWith(")=(", columnsClose)) {
        int valuesOpen = columnsClose + 2;
        out.append(text, copied, valuesOpen + 1).append(REDACTED);
        copied = closing(text, valuesOpen, text.length());
      }
    }
    return out.append(text, copied, text.length()).toString();
  }

  /** Where each marker next occurs; each is searched for once per occurrence, so the whole scan stays linear. */
  private static final class Markers {
    private final String text;
    private final int[] next = new int[VALUES_AFTER.length];

    Markers(String text) {
      this.text = text;
      for (int i = 0; i < VALUES_AFTER.length; i++) {
        next[i] = text.indexOf(VALUES_AFTER[i]);
      }
    }

    /** The first marker occurrence at or after {@code from}, or -1. */
    int next(int from) {
      int best = -1;
      for (int i = 0; i < VALUES_AFTER.length; i++) {
        if (next[i] >= 0 && next[i] < from) {
          next[i] = text.indexOf(VALUES_AFTER[i], from);
        }
        if (next[i] >= 0 && (best < 0 || next[i] < best)) {
          best = next[i];
        }
      }
      return best;
    }

    String at(int index) {
      for (String marker : VALUES_AFTER) {
        if (text.startsWith(marker, index)) {
          return marker;
        }
      }
      throw new IllegalStateException("no marker at " + index);
    }
  }

  /**
   * The index of the {@code )} closing the parenthesis at {@code open}, skipping nested ones and double-quoted
   * values (PostgreSQL quotes values with parentheses or commas in them); {@code limit} when it does not close
   * before it.
   */
  private static int closing(String text, int open, int limit) {
    int depth = 0;
    boolean quoted = false;
    for (int i = open; i < limit; i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')' && --depth == 0) {
        return i;
      }
    }
    return limit;
  }
}
