package dev.pdm.core.triage;

import static dev.pdm.core.triage.TraceFixtures.FAILURE;
import static dev.pdm.core.triage.TraceFixtures.asRunner17Would;
import static dev.pdm.core.triage.TraceFixtures.parse;
import static dev.pdm.core.triage.TraceFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IncrementalJobLogParserTest {
  @Test
  void readsTheSameAsAWholeParseWhenFedOneByteAtATime() {
    byte[] log = asRunner17Would(read(FAILURE)).getBytes(StandardCharsets.UTF_8);
    JobLogParser.Incremental parser = JobLogParser.incremental();

    for (byte b : log) {
      parser.feed(new byte[] {b});
    }
    parser.finish();

    assertThat(parser.snapshot()).isEqualTo(parse(read(FAILURE)));
  }

  @Test
  void returnsCleanedLinesAsTheyComplete() {
    JobLogParser.Incremental parser = JobLogParser.incremental();

    List<String> first = parser.feed("\u001b[32;1m$ gitlab-rake db:migrate\u001b[0;m\r\nmain: == 2023063010");
    List<String> second = parser.feed("1010 Backfill: migrating ===\n");

    assertThat(first).containsExactly("$ gitlab-rake db:migrate");
    assertThat(second).containsExactly("main: == 20230630101010 Backfill: migrating ===");
  }

  @Test
  void showsTheMigrationRunningNow() {
    JobLogParser.Incremental parser = JobLogParser.incremental();

    parser.feed("main: == 20230630101010 Backfill: migrating ===\nmain: -- execute(\"UPDATE");

    assertThat(parser.snapshot().current())
        .contains(new StartedMigration("20230630101010", "Backfill", Optional.of("main")));
  }

  @Test
  void showsTheMigrationRunningNowOnceTheNextTimestampedLineStarts() {
    JobLogParser.Incremental parser = JobLogParser.incremental();

    parser.feed("2024-01-01T00:00:00.000001Z 00O main: == 20230630101010 Backfill: migrating ===\n");
    MigrationLog beforeNextLine = parser.snapshot();
    parser.feed("2024-01-01T00:00:00.000002Z 00O main: -- exe");

    assertThat(beforeNextLine.current()).isEmpty();
    assertThat(parser.snapshot().current())
        .contains(new StartedMigration("20230630101010", "Backfill", Optional.of("main")));
  }

  @Test
  void waitsForTheContinuationOfATimestampedLine() {
    JobLogParser.Incremental parser = JobLogParser.incremental();

    List<String> first = parser.feed("2024-01-01T00:00:00.000001Z 00O -- execute(\"UPDATE\n2024-01-01T00:00:00.0");
    List<String> second = parser.feed("00002Z 00O+ things\")\n2024-01-01T00:00:00.000003Z 00O    -> 0.1s\n");

    assertThat(first).isEmpty();
    assertThat(second).containsExactly("-- execute(\"UPDATE things\")");
    assertThat(parser.finish()).containsExactly("   -> 0.1s");
  }

  @Test
  void keepsACharacterSplitAcrossChunksWhole() {
    byte[] line = "-- say(\"café\")\n".getBytes(StandardCharsets.UTF_8);
    int splitInsideE = new String(line, StandardCharsets.UTF_8).indexOf('é') + 1;
    JobLogParser.Incremental parser = JobLogParser.incremental();

    List<String> lines = new ArrayList<>(parser.feed(Arrays.copyOfRange(line, 0, splitInsideE)));
    lines.addAll(parser.feed(Arrays.copyOfRange(line, splitInsideE, line.length)));

    assertThat(lines).containsExactly("-- say(\"café\")");
  }

  @Test
  void dropsLinesThatOnlyCarrySectionMarkersAndKeepsSectionHeaders() {
    JobLogParser.Incremental parser = JobLogParser.incremental();

    List<String> lines = parser.feed("\u001b[0Ksection_start:1704067200:prepare_script[collapsed=true]\r\u001b[0K"
        + "\u001b[0K\u001b[36;1mPreparing environment\u001b[0;m\n"
        + "Running on runner-1\n"
        + "\u001b[0Ksection_end:1704067201:prepare_script\r\u001b[0K\n");

    assertThat(lines).containsExactly("Preparing environment", "Running on runner-1");
  }

  @Test
  void stripsColoursCursorCodesAndHyperlinksInsideLines() {
    JobLogParser.Incremental parser = JobLogParser.incremental();

    List<String> lines = parser.feed("\u001b[?25lmain: -- \u001b[1;38;5;196mexecute\u001b[0m("
        + "\u001b]8;;https://example.com\u0007link\u001b]8;;\u001b\\)\u001b[?25h\n");

    assertThat(lines).containsExactly("main: -- execute(link)");
  }

  @Test
  void showsWhatACarriageReturnLeftOnScreen() {
    JobLogParser.Incremental parser = JobLogParser.incremental();

    assertThat(parser.feed("Downloading 10%\rDownloading 100%\r\n")).containsExactly("Downloading 100%");
  }

  @Test
  void completesTheLastLineWhenTheLogEnds() {
    JobLogParser.Incremental parser = JobLogParser.incremental();
    parser.feed("Job succ");

    assertThat(parser.finish()).containsExactly("Job succ");
  }

  @Test
  void cutsALineLongerThanTheLimit() {
    JobLogParser.Incremental parser = JobLogParser.incremental();

    List<String> lines = parser.feed("x".repeat(LogLineAssembler.MAX_LINE_CHARS * 2) + "\nnext\n");

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).hasSize(LogLineAssembler.MAX_LINE_CHARS);
    assertThat(lines.get(1)).isEqualTo("next");
  }
}
