package dev.pdm.cli.text;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A terminal's size in character cells. */
public record TerminalSize(int columns, int rows) {
  /** What a terminal is assumed to be when its size cannot be read. */
  public static final TerminalSize CLASSIC = new TerminalSize(80, 24);
  private static final Pattern STTY_SIZE = Pattern.compile("\\s*(\\d+)\\s+(\\d+)\\s*");

  /** At least one column and one row. */
  public TerminalSize {
    columns = Math.max(1, columns);
    rows = Math.max(1, rows);
  }

  /**
   * The size {@code stty size} printed ({@code ROWS COLUMNS}); empty when it printed something else, or zeros (a
   * pseudo-terminal nobody gave a size).
   */
  public static Optional<TerminalSize> fromStty(String output) {
    Matcher size = STTY_SIZE.matcher(output);
    if (!size.matches() || size.group(1).length() > 5 || size.group(2).length() > 5) {
      return Optional.empty();
    }
    int rows = Integer.parseInt(size.group(1));
    int columns = Integer.parseInt(size.group(2));
    return rows == 0 || columns == 0 ? Optional.empty() : Optional.of(new TerminalSize(columns, rows));
  }
}
