package dev.pdm.cli.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Rows printed in aligned columns (ANSI codes do not count towards a cell's width). */
public final class Table {
  private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");
  private final List<List<String>> rows = new ArrayList<>();

  /** A table whose first row is its header. */
  public Table(String... header) {
    rows.add(List.of(header));
  }

  public Table row(String... cells) {
    rows.add(List.of(cells));
    return this;
  }

  public boolean isEmpty() {
    return rows.size() == 1;
  }

  /** The table, each line indented by {@code indent}. */
  public String render(String indent) {
    int columns = rows.stream().mapToInt(List::size).max().orElse(0);
    int[] widths = new int[columns];
    rows.forEach(row -> {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], visible(row.get(i)));
      }
    });
    StringBuilder out = new StringBuilder();
    rows.forEach(row -> {
      StringBuilder line = new StringBuilder(indent);
      for (int i = 0; i < row.size(); i++) {
        line.append(row.get(i));
        if (i < row.size() - 1) {
          line.append(" ".repeat(widths[i] - visible(row.get(i)) + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    });
    return out.toString();
  }

  private static int visible(String cell) {
    return ANSI.matcher(cell).replaceAll("").length();
  }
}
