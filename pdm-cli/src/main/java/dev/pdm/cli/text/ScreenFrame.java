package dev.pdm.cli.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One screenful of a live view: parts of lines in the order they show, fitted to a terminal so that no line is wider
 * than it and there are no more lines than it has rows. When rows are short, the part of the lowest rank gives way
 * first: a tail from its oldest line, any other part from its last line.
 */
public final class ScreenFrame {
  private static final String CSI = "\u001b[";
  private final List<Part> parts = new ArrayList<>();

  /** Lines that give way from the last one, after every part of a lower {@code rank}. */
  public ScreenFrame lines(int rank, List<String> lines) {
    parts.add(new Part(rank, false, List.copyOf(lines)));
    return this;
  }

  /** A tail (newest line last) that gives way from its oldest line, after every part of a lower {@code rank}. */
  public ScreenFrame tail(int rank, List<String> lines) {
    parts.add(new Part(rank, true, List.copyOf(lines)));
    return this;
  }

  /** The lines to show on a terminal of {@code size}: at most {@code size.rows()}, none wider than it. */
  public List<String> fit(TerminalSize size) {
    int[] kept = parts.stream().mapToInt(part -> part.lines.size()).toArray();
    int excess = Arrays.stream(kept).sum() - size.rows();
    while (excess > 0) {
      kept[givingWay(kept)]--;
      excess--;
    }
    List<String> fitted = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      List<String> lines = parts.get(i).lines;
      List<String> shown = parts.get(i).tail ? lines.subList(lines.size() - kept[i], lines.size())
          : lines.subList(0, kept[i]);
      shown.forEach(line -> fitted.add(DisplayWidth.fit(line, size.columns())));
    }
    return fitted;
  }

  /**
   * What draws this frame over the whole of a terminal of {@code size}: each line written at its own row from the first
   * (so nothing ever scrolls, whatever the terminal did to what was there), what is left below erased.
   */
  public String paint(TerminalSize size) {
    List<String> lines = fit(size);
    StringBuilder paint = new StringBuilder();
    for (int row = 0; row < lines.size(); row++) {
      // erase before writing: erasing after a line as wide as the terminal would erase its last character
      paint.append(CSI).append(row + 1).append(";1H").append(CSI).append("2K").append(lines.get(row));
    }
    if (lines.size() < size.rows()) {
      paint.append(CSI).append(lines.size() + 1).append(";1H").append(CSI).append('J');
    }
    return paint.toString();
  }

  /** The part that gives way next: the lowest rank with a line left; of equal ranks, the later one. */
  private int givingWay(int[] kept) {
    int chosen = -1;
    for (int i = 0; i < parts.size(); i++) {
      if (kept[i] > 0 && (chosen < 0 || parts.get(i).rank <= parts.get(chosen).rank)) {
        chosen = i;
      }
    }
    return chosen;
  }

  private record Part(int rank, boolean tail, List<String> lines) {
  }
}
