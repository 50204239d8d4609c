package dev.pdm.cli.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Columns as a terminal counts them, and lines cut to fit. */
class DisplayWidthTest {
  private static final String CYAN = "\u001b[36m";
  private static final String RESET = "\u001b[0m";

  @Test
  void countsColumnsNotCharacters() {
    assertThat(DisplayWidth.of("migrate-gstg")).isEqualTo(12);
    assertThat(DisplayWidth.of("漢字")).as("wide CJK characters").isEqualTo(4);
    assertThat(DisplayWidth.of("ｆｕｌｌ")).as("fullwidth forms").isEqualTo(8);
    assertThat(DisplayWidth.of("👍 ok")).as("an emoji outside the BMP").isEqualTo(5);
    assertThat(DisplayWidth.of("e\u0301te\u0301")).as("combining accents").isEqualTo(3);
    assertThat(DisplayWidth.of("a\u200bb")).as("a zero-width space").isEqualTo(2);
    assertThat(DisplayWidth.of("→ … »")).as("ambiguous-width symbols count one").isEqualTo(5);
  }

  @Test
  void colourCodesTakeNoColumns() {
    assertThat(DisplayWidth.of("\u001b[1mRun\u001b[0m: " + CYAN + "RUNNING" + RESET)).isEqualTo(12);
  }

  @Test
  void aTabReachesTheNextMultipleOfEight() {
    assertThat(DisplayWidth.of("ab\tc")).isEqualTo(9);
    assertThat(DisplayWidth.fit("ab\tc", 80)).isEqualTo("ab      c");
  }

  @Test
  void keepsALineThatFits() {
    assertThat(DisplayWidth.fit("migrate-gstg", 12)).isEqualTo("migrate-gstg");
  }

  @Test
  void cutsALineThatDoesNotFitWithAnEllipsis() {
    assertThat(DisplayWidth.fit("migrate-gstg", 8)).isEqualTo("migrate…");
    assertThat(DisplayWidth.fit("migrate-gstg", 1)).isEqualTo("…");
    assertThat(DisplayWidth.fit("migrate-gstg", 0)).isEmpty();
  }

  @Test
  void neverSplitsAWideCharacter() {
    String cut = DisplayWidth.fit("漢字漢字", 6);

    assertThat(cut).isEqualTo("漢字…");
    assertThat(DisplayWidth.of(cut)).isEqualTo(5);
  }

  @Test
  void keepsCombiningMarksWithTheirLetter() {
    assertThat(DisplayWidth.fit("e\u0301e\u0301e\u0301e\u0301", 3)).isEqualTo("e\u0301e\u0301…");
  }

  @Test
  void keepsColoursAndResetsThemAfterACut() {
    assertThat(DisplayWidth.fit(CYAN + "RUNNING" + RESET + " for long", 5)).isEqualTo(CYAN + "RUNN…" + RESET);
  }

  @Test
  void dropsWhatWouldMoveTheCursor() {
    String hostile = "a\u001b[2Jb\u001b]0;window title\u0007c\rd\u001b[5;1He\u009bf\u0000g\u001b(Bh";

    assertThat(DisplayWidth.fit(hostile, 80)).isEqualTo("abcdefgh");
    assertThat(DisplayWidth.of(hostile)).isEqualTo(8);
  }

  @Test
  void aFittedLineIsNeverWiderThanAsked() {
    String[] pieces = {"a", "Z", " ", "漢", "字", "👍", "e\u0301", "\t", CYAN, RESET, "…", "\u001b[2K", "\r", "ｆ"};
    Random random = new Random(18);
    for (int sample = 0; sample < 5_000; sample++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(40); i > 0; i--) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      int columns = 1 + random.nextInt(30);

      String fitted = DisplayWidth.fit(text.toString(), columns);

      assertThat(DisplayWidth.of(fitted)).as("%s in %d columns", text, columns).isLessThanOrEqualTo(columns);
      assertThat(fitted).doesNotContain("\r", "\u001b[2K");
    }
  }
}
