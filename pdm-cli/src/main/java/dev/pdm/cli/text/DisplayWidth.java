package dev.pdm.cli.text;

import java.util.Arrays;

/**
 * How many terminal columns text takes, and text cut to fit a number of columns. Colour codes (ANSI SGR) take no
 * column and are kept; any other escape sequence or control character could move the cursor, so it is dropped (a tab
 * becomes spaces to the next multiple of 8). East Asian wide and fullwidth characters and emoji take two columns,
 * combining marks and zero-width characters none.
 */
public final class DisplayWidth {
  /** What a cut line ends with: one column. */
  public static final String ELLIPSIS = "…";
  private static final char ESC = '\u001b';
  private static final String RESET = ESC + "[0m";
  private static final int TAB_STOP = 8;
  /**
   * Code point ranges (first, last) of two columns: Unicode 15's East Asian Width W and F, as terminals' wcwidth counts
   * them. Ambiguous-width characters ({@code …}, {@code →}) count one, as they do outside East Asian locales.
   */
  private static final int[] WIDE = {
      0x1100, 0x115F, 0x231A, 0x231B, 0x2329, 0x232A, 0x23E9, 0x23EC, 0x23F0, 0x23F0, 0x23F3, 0x23F3, 0x25FD, 0x25FE,
      0x2614, 0x2615, 0x2648, 0x2653, 0x267F, 0x267F, 0x2693, 0x2693, 0x26A1, 0x26A1, 0x26AA, 0x26AB, 0x26BD, 0x26BE,
      0x26C4, 0x26C5, 0x26CE, 0x26CE, 0x26D4, 0x26D4, 0x26EA, 0x26EA, 0x26F2, 0x26F3, 0x26F5, 0x26F5, 0x26FA, 0x26FA,
      0x26FD, 0x26FD, 0x2705, 0x2705, 0x270A, 0x270B, 0x2728, 0x2728, 0x274C, 0x274C, 0x274E, 0x274E, 0x2753, 0x2755,
      0x2757, 0x2757, 0x2795, 0x2797, 0x27B0, 0x27B0, 0x27BF, 0x27BF, 0x2B1B, 0x2B1C, 0x2B50, 0x2B50, 0x2B55, 0x2B55,
      0x2E80, 0x303E, 0x3041, 0x33FF, 0x3400, 0x4DBF, 0x4E00, 0x9FFF, 0xA000, 0xA4CF, 0xA960, 0xA97F, 0xAC00, 0xD7A3,
      0xF900, 0xFAFF, 0xFE10, 0xFE19, 0xFE30, 0xFE6F, 0xFF00, 0xFF60, 0xFFE0, 0xFFE6, 0x16FE0, 0x16FE4, 0x17000,
      0x18CD5, 0x1AFF0, 0x1B2FB, 0x1F004, 0x1F004, 0x1F0CF, 0x1F0CF, 0x1F18E, 0x1F18E, 0x1F191, 0x1F19A, 0x1F200,
      0x1F251, 0x1F260, 0x1F265, 0x1F300, 0x1F320, 0x1F32D, 0x1F335, 0x1F337, 0x1F37C, 0x1F37E, 0x1F393, 0x1F3A0,
      0x1F3CA, 0x1F3CF, 0x1F3D3, 0x1F3E0, 0x1F3F0, 0x1F3F4, 0x1F3F4, 0x1F3F8, 0x1F43E, 0x1F440, 0x1F440, 0x1F442,
      0x1F4FC, 0x1F4FF, 0x1F53D, 0x1F54B, 0x1F54E, 0x1F550, 0x1F567, 0x1F57A, 0x1F57A, 0x1F595, 0x1F596, 0x1F5A4,
      0x1F5A4, 0x1F5FB, 0x1F64F, 0x1F680, 0x1F6C5, 0x1F6CC, 0x1F6CC, 0x1F6D0, 0x1F6D2, 0x1F6D5, 0x1F6D7, 0x1F6DC,
      0x1F6DF, 0x1F6EB, 0x1F6EC, 0x1F6F4, 0x1F6FC, 0x1F7E0, 0x1F7EB, 0x1F7F0, 0x1F7F0, 0x1F90C, 0x1F93A, 0x1F93C,
      0x1F945, 0x1F947, 0x1F9FF, 0x1FA70, 0x1FAFF, 0x20000, 0x2FFFD, 0x30000, 0x3FFFD};

  private DisplayWidth() {
  }

  /** The columns {@code text} takes on a terminal. */
  public static int of(String text) {
    int[] columns = {0};
    scan(text, (piece, width) -> {
      columns[0] += width;
      return true;
    });
    return columns[0];
  }

  /**
   * {@code text} as it may be written on a terminal {@code columns} wide: cleaned of cursor-moving sequences, and, when
   * wider, cut to {@code columns - 1} columns followed by {@link #ELLIPSIS}. A colour still on at its end is reset.
   */
  public static String fit(String text, int columns) {
    if (columns <= 0) {
      return "";
    }
    boolean cut = of(text) > columns;
    int room = cut ? columns - ELLIPSIS.length() : columns;
    StringBuilder line = new StringBuilder();
    int[] used = {0};
    boolean[] coloured = {false};
    scan(text, (piece, width) -> {
      if (width == 0 && piece.charAt(0) == ESC) {
        coloured[0] = !piece.equals(RESET) && !piece.equals(ESC + "[m");
        line.append(piece);
        return true;
      }
      if (used[0] + width > room) {
        return false;
      }
      used[0] += width;
      line.append(piece);
      return true;
    });
    if (cut) {
      line.append(ELLIPSIS);
    }
    if (coloured[0]) {
      line.append(RESET);
    }
    return line.toString();
  }

  /** The columns one code point takes: 0, 1 or 2 (control characters: 0). */
  static int width(int codePoint) {
    if (Character.isISOControl(codePoint)) {
      return 0;
    }
    int type = Character.getType(codePoint);
    if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
        || codePoint >= 0x1160 && codePoint <= 0x11FF) {
      return 0;
    }
    int at = Arrays.binarySearch(WIDE, codePoint);
    // a hit is a range bound; a miss between a range's first (even index) and last (odd index) lies inside it
    return at >= 0 || -at - 1 < WIDE.length && (-at - 1) % 2 == 1 ? 2 : 1;
  }

  /** What {@link #scan} hands over: a piece of text to write and the columns it takes; false to stop. */
  private interface Piece {
    boolean accept(String piece, int width);
  }

  /**
   * Hands {@code text} over piece by piece: colour codes (width 0), printable code points with their combining marks
   * (their width) and tabs as spaces; other escape sequences and control characters are skipped.
   */
  private static void scan(String text, Piece pieces) {
    int column = 0;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == ESC) {
        int end = escapeEnd(text, i);
        if (text.charAt(end - 1) == 'm' && end - i > 1 && text.charAt(i + 1) == '[' && !pieces.accept(
            text.substring(i, end), 0)) {
          return;
        }
        i = end;
        continue;
      }
      if (c == '\t') {
        int spaces = TAB_STOP - column % TAB_STOP;
        if (!pieces.accept(" ".repeat(spaces), spaces)) {
          return;
        }
        column += spaces;
        i++;
        continue;
      }
      int codePoint = text.codePointAt(i);
      int end = i + Character.charCount(codePoint);
      if (Character.isISOControl(codePoint)) {
        i = end;
        continue;
      }
      while (end < text.length() && text.charAt(end) != ESC && !Character.isISOControl(text.codePointAt(end))
          && width(text.codePointAt(end)) == 0) {
        end += Character.charCount(text.codePointAt(end));
      }
      int columns = width(codePoint);
      if (!pieces.accept(text.substring(i, end), columns)) {
        return;
      }
      column += columns;
      i = end;
    }
  }

  /**
   * Where the escape sequence starting at {@code start} ends (exclusive): a CSI sequence at its final byte, a string
   * sequence (OSC, DCS, ...) at BEL or ESC \, any other at its first byte after intermediates.
   */
  private static int escapeEnd(String text, int start) {
    int i = start + 1;
    if (i >= text.length()) {
      return i;
    }
    char kind = text.charAt(i);
    if (kind == '[') {
      i++;
      while (i < text.length() && text.charAt(i) >= 0x20 && text.charAt(i) <= 0x3F) {
        i++;
      }
      while (i < text.length() && text.charAt(i) >= 0x20 && text.charAt(i) <= 0x2F) {
        i++;
      }
      return Math.min(i + 1, text.length());
    }
    if (kind == ']' || kind == 'P' || kind == 'X' || kind == '^' || kind == '_') {
      for (i++; i < text.length(); i++) {
        if (text.charAt(i) == '\u0007') {
          return i + 1;
        }
        if (text.charAt(i) == ESC && i + 1 < text.length() && text.charAt(i + 1) == '\\') {
          return i + 2;
        }
      }
      return text.length();
    }
    while (i < text.length() && text.charAt(i) >= 0x20 && text.charAt(i) <= 0x2F) {
      i++;
    }
    return Math.min(i + 1, text.length());
  }
}
