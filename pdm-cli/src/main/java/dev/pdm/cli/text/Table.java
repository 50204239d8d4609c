package dev.pdm.cli.text;

import java.util.ArrayList;
import java.util.List;

/** Rows printed in aligned columns, by display width (colour codes take none, wide characters two). */
public final class Table {
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
        widths[i] = Math.max(widths[i], DisplayWidth.of(row.get(i)));
      }
    });
    StringBuilder out = new StringBuilder();
    rows.forEach(row -> {
      StringBuilder line = new StringBuilder(indent);
      for (int i = 0; i < row.size(); i++) {
        line.append(row.get(i));
        if (i < row.size() - 1) {
          line.append(" ".repeat(widths[i] - DisplayWidth.of(row.get(i)) + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    });
    return out.toString();
  }
}
