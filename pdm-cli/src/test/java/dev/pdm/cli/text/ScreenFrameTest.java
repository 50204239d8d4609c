package dev.pdm.cli.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A live view's lines fitted to a terminal: never wider, never more lines than rows, the log tail giving way first. */
class ScreenFrameTest {
  private static final List<String> LOG = IntStream.rangeClosed(1, 10).mapToObj(i -> "log line " + i).toList();

  private static ScreenFrame runScreen() {
    return new ScreenFrame()
        .lines(3, List.of("Run 1: RUNNING"))
        .lines(2, List.of("STAGE STATUS", "migrate-gstg RUNNING", "qa-gstg PENDING"))
        .lines(1, List.of("last event: STAGE_STARTED migrate-gstg"))
        .tail(0, LOG);
  }

  @Test
  void showsEverythingWhenItFits() {
    assertThat(runScreen().fit(new TerminalSize(80, 24))).hasSize(15).startsWith("Run 1: RUNNING")
        .endsWith("log line 10");
  }

  @Test
  void theLogTailGivesWayFirstFromItsOldestLine() {
    assertThat(runScreen().fit(new TerminalSize(80, 8))).containsExactly("Run 1: RUNNING", "STAGE STATUS",
        "migrate-gstg RUNNING", "qa-gstg PENDING", "last event: STAGE_STARTED migrate-gstg", "log line 8",
        "log line 9", "log line 10");
  }

  @Test
  void withoutATailTheLowestRankGivesWayFromItsLastLine() {
    assertThat(runScreen().fit(new TerminalSize(80, 3))).containsExactly("Run 1: RUNNING", "STAGE STATUS",
        "migrate-gstg RUNNING");
    assertThat(runScreen().fit(new TerminalSize(80, 1))).containsExactly("Run 1: RUNNING");
  }

  @Test
  void ofEqualRanksTheLaterPartGivesWayFirst() {
    ScreenFrame frame = new ScreenFrame().lines(1, List.of("first")).lines(1, List.of("second"));

    assertThat(frame.fit(new TerminalSize(80, 1))).containsExactly("first");
  }

  @Test
  void noLineIsWiderThanTheTerminal() {
    List<String> lines = runScreen().fit(new TerminalSize(12, 24));

    assertThat(lines).allSatisfy(line -> assertThat(DisplayWidth.of(line)).isLessThanOrEqualTo(12))
        .contains("Run 1: RUNN…", "migrate-gst…", "log line 10");
  }

  @Test
  void paintsEachLineAtItsOwnRowAndErasesWhatIsBelow() {
    ScreenFrame frame = new ScreenFrame().lines(1, List.of("Run 1: RUNNING", "qa-gstg PENDING"));

    assertThat(frame.paint(new TerminalSize(80, 24))).isEqualTo(
        "\u001b[1;1H\u001b[2KRun 1: RUNNING\u001b[2;1H\u001b[2Kqa-gstg PENDING\u001b[3;1H\u001b[J");
  }

  @Test
  void aFrameThatFillsTheTerminalErasesNothingBelowIt() {
    assertThat(runScreen().paint(new TerminalSize(80, 2))).isEqualTo(
        "\u001b[1;1H\u001b[2KRun 1: RUNNING\u001b[2;1H\u001b[2KSTAGE STATUS");
  }
}
