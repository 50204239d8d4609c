package dev.pdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.cli.text.ScreenFrame;
import dev.pdm.cli.text.TerminalSize;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the live view writes to a terminal, from entering the alternate screen to the summary it leaves behind. */
class LiveTerminalTest {
  private static final String ENTER = "\u001b[?1049h\u001b[?25l";
  private static final String LEAVE = "\u001b[H\u001b[2J\u001b[?25h\u001b[?1049l";
  private static final long FRAME_INTERVAL = LiveTerminal.FRAME_INTERVAL.toNanos();
  private final StringWriter written = new StringWriter();
  private final List<String> shown = new ArrayList<>(List.of("Run 1: CHECKING"));
  private long now;

  private LiveTerminal open() {
    return LiveTerminal.open(new PrintWriter(written), new FixedWindow(new TerminalSize(40, 3)),
        () -> new ScreenFrame().lines(1, shown), () -> "\nRun 1: stopped\n", () -> now);
  }

  private static String frame(String line) {
    return "\u001b[1;1H\u001b[2K" + line + "\u001b[2;1H\u001b[J";
  }

  @Test
  void drawsOnTheAlternateScreenWithTheCursorHiddenThenLeavesOneSummary() {
    try (LiveTerminal terminal = open()) {
      now += FRAME_INTERVAL;
      terminal.update(() -> shown.set(0, "Run 1: RUNNING"));
      terminal.finish("\nRun 1: succeeded\n");
    }

    assertThat(written.toString()).isEqualTo(ENTER + frame("Run 1: CHECKING") + frame("Run 1: RUNNING") + LEAVE
        + "\nRun 1: succeeded\n");
  }

  @Test
  void aBurstOfChangesIsDrawnOnceByTheNextRedraw() {
    try (LiveTerminal terminal = open()) {
      now += FRAME_INTERVAL / 10;
      terminal.update(() -> shown.set(0, "Run 1: TRIGGERING"));
      terminal.update(() -> shown.set(0, "Run 1: RUNNING"));
      assertThat(written.toString()).isEqualTo(ENTER + frame("Run 1: CHECKING"));

      now += FRAME_INTERVAL;
      terminal.redraw();
    }

    assertThat(written.toString()).startsWith(ENTER + frame("Run 1: CHECKING") + frame("Run 1: RUNNING") + LEAVE);
  }

  @Test
  void whatTheTerminalShowsAlreadyIsNotPaintedAgain() {
    try (LiveTerminal terminal = open()) {
      now += FRAME_INTERVAL;
      terminal.redraw();
      terminal.update(() -> { });
    }

    assertThat(written.toString()).isEqualTo(ENTER + frame("Run 1: CHECKING") + LEAVE + "\nRun 1: stopped\n");
  }

  @Test
  void closedBeforeTheEndItLeavesTheStoppedSummary() {
    try (LiveTerminal terminal = open()) {
      terminal.redraw();
    }

    assertThat(written.toString()).endsWith(LEAVE + "\nRun 1: stopped\n");
  }

  @Test
  void drawsNothingOnceItHasLeft() {
    LiveTerminal terminal = open();
    terminal.finish("\nRun 1: succeeded\n");
    int length = written.toString().length();

    now += FRAME_INTERVAL;
    terminal.update(() -> shown.set(0, "Run 1: SUCCEEDED"));
    terminal.finish("\nRun 1: again\n");
    terminal.close();

    assertThat(written.toString()).hasSize(length).endsWith(LEAVE + "\nRun 1: succeeded\n");
  }
}
