package dev.pdm.core.triage;

import java.util.Arrays;

/**
 * What {@link MigrationKindClassifier} needs to know about Ruby syntax, each done in one pass over the source: comments
 * and the {@code down} method blanked out (line numbers kept), and where a string literal's text starts.
 */
final class RubySource {
  private RubySource() {
  }

  /** Blanks {@code # comments} (not {@code #{interpolation}}) outside quotes, keeping line numbers. */
  static String withoutComments(String source) {
    StringBuilder out = new StringBuilder(source.length());
    char quote = 0;
    boolean comment = false;
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == '\n') {
        comment = false;
        quote = 0;
      } else if (comment) {
        continue;
      } else if (quote != 0) {
        if (c == '\\' && i + 1 < source.length() && source.charAt(i + 1) != '\n') {
          out.append(c).append(source.charAt(++i));
          continue;
        }
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '#' && (i + 1 >= source.length() || source.charAt(i + 1) != '{')) {
        comment = true;
        continue;
      }
      out.append(c);
    }
    return out.toString();
  }

  /**
   * Blanks the first {@code def down ... end}, whose {@code end} is the first line after it indented exactly as the
   * {@code def}; keeps line numbers.
   */
  static String withoutDownMethod(String code) {
    int lineStart = 0;
    while (lineStart < code.length()) {
      int indent = indentEnd(code, lineStart);
      if (code.startsWith("def down", indent) && !continuesWord(code, indent + "def down".length())) {
        int stop = endOfMethod(code, lineStart, indent - lineStart);
        return code.substring(0, lineStart) + blanked(code, lineStart, stop) + code.substring(stop);
      }
      lineStart = nextLine(code, lineStart);
    }
    return code;
  }

  private static int endOfMethod(String code, int defLine, int indentWidth) {
    String indent = code.substring(defLine, defLine + indentWidth);
    for (int line = nextLine(code, defLine); line < code.length(); line = nextLine(code, line)) {
      if (code.startsWith(indent, line) && code.startsWith("end", line + indentWidth)
          && !continuesWord(code, line + indentWidth + 3)) {
        return line + indentWidth + 3;
      }
    }
    return code.length();
  }

  private static String blanked(String code, int from, int to) {
    StringBuilder out = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      out.append(code.charAt(i) == '\n' ? '\n' : ' ');
    }
    return out.toString();
  }

  private static int indentEnd(String code, int from) {
    int i = from;
    while (i < code.length() && (code.charAt(i) == ' ' || code.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  private static int nextLine(String code, int from) {
    int newline = code.indexOf('\n', from);
    return newline < 0 ? code.length() : newline + 1;
  }

  private static boolean continuesWord(String code, int at) {
    return at < code.length() && MigrationKindClassifier.Word.isWordChar(code.charAt(at));
  }

  /** The first index at or after {@code from} that is not whitespace. */
  static int skipSpace(String code, int from) {
    int i = from;
    while (i < code.length() && isSpace(code.charAt(i))) {
      i++;
    }
    return i;
  }

  /**
   * Where a string's text starts when one opens at {@code at}: after a quote, after {@code %q(}/{@code %Q{}/{@code %[},
   * or on the line after a heredoc opener ({@code <<~SQL}, {@code <<-'SQL'}); {@code at} itself when no string opens
   * there; -1 when something that is no string and no word stands there.
   */
  static int afterStringOpening(String code, int at, Newlines newlines) {
    if (at >= code.length()) {
      return at;
    }
    char c = code.charAt(at);
    if (c == '"' || c == '\'') {
      return at + 1;
    }
    if (c == '%') {
      int i = at + 1;
      if (i < code.length() && (code.charAt(i) == 'q' || code.charAt(i) == 'Q')) {
        i++;
      }
      return i < code.length() && "({[".indexOf(code.charAt(i)) >= 0 ? i + 1 : -1;
    }
    if (code.startsWith("<<", at)) {
      return afterHeredocOpener(code, at + 2, newlines);
    }
    return at;
  }

  private static int afterHeredocOpener(String code, int from, Newlines newlines) {
    int i = from;
    if (i < code.length() && (code.charAt(i) == '~' || code.charAt(i) == '-')) {
      i++;
    }
    if (i < code.length() && (code.charAt(i) == '"' || code.charAt(i) == '\'')) {
      i++;
    }
    int name = i;
    while (i < code.length() && MigrationKindClassifier.Word.isWordChar(code.charAt(i))) {
      i++;
    }
    if (i == name) {
      return -1;
    }
    int newline = newlines.atOrAfter(i);
    return newline < 0 ? -1 : newline + 1;
  }

  /** The offsets of a text's line breaks, found once, so that "the end of this line" costs no rescan. */
  static final class Newlines {
    private final int[] offsets;

    Newlines(String code) {
      int[] found = new int[16];
      int count = 0;
      for (int i = code.indexOf('\n'); i >= 0; i = code.indexOf('\n', i + 1)) {
        if (count == found.length) {
          found = Arrays.copyOf(found, count * 2);
        }
        found[count++] = i;
      }
      this.offsets = Arrays.copyOf(found, count);
    }

    /** The first line break at or after {@code from}, or -1. */
    int atOrAfter(int from) {
      int index = Arrays.binarySearch(offsets, from);
      int insertion = index >= 0 ? index : -index - 1;
      return insertion < offsets.length ? offsets[insertion] : -1;
    }
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
  }
}
