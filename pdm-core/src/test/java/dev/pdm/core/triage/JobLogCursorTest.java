package dev.pdm.core.triage;

import static dev.pdm.core.triage.TraceFixtures.FAILURE;
import static dev.pdm.core.triage.TraceFixtures.SUCCESS;
import static dev.pdm.core.triage.TraceFixtures.asRunner17Would;
import static dev.pdm.core.triage.TraceFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JobLogCursorTest {
  /** Continued timestamped lines, a character split between reads, lines without prefixes, no final newline. */
  private static final String TRICKY = "2024-01-01T00:00:00.000001Z 00O -- execute(\"UPDATE\n"
      + "2024-01-01T00:00:00.000002Z 00O+ things café\")\n"
      + "2024-01-01T00:00:00.000003Z 00O    -> 0.1s\n"
      + "plain line ü\n\n"
      + "2024-01-01T00:00:00.000004Z 00O main: == 20230630101010 Backfill: migrating ===\n"
      + "2024-01-01T00:00:00.000005Z 00O+ (continued)\n"
      + "2024-01-01T00:00:00.000006Z 00O main: == 20230630101010 Backfill: migrated (0.5s) ===\n"
      + "Job succ";

  @Test
  void returnsTheLinesOfAWholeParseHoweverTheLogIsCut() {
    for (String log : List.of(read(FAILURE), asRunner17Would(read(FAILURE)), asRunner17Would(read(SUCCESS)), TRICKY)) {
      byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
      List<String> whole = readAll(bytes, new int[] {bytes.length});
      for (int seed = 0; seed < 20; seed++) {
        assertThat(readAll(bytes, randomCuts(bytes.length, new Random(seed)))).isEqualTo(whole);
      }
    }
  }

  @Test
  void aNewCursorAtTheResumeOffsetReturnsExactlyTheLinesNotReturnedYet() {
    for (String log : List.of(asRunner17Would(read(FAILURE)), read(SUCCESS), TRICKY)) {
      byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
      List<String> whole = readAll(bytes, new int[] {bytes.length});
      for (int seed = 0; seed < 40; seed++) {
        Random random = new Random(seed);
        int[] cuts = randomCuts(bytes.length, random);
        List<String> returned = new ArrayList<>();
        JobLogCursor cursor = JobLogCursor.atStart();
        int from = 0;
        for (int cut : cuts) {
          cursor.feed(Arrays.copyOfRange(bytes, from, cut), returned::add);
          from = cut;
          if (random.nextInt(3) == 0) {
            // a restart: only the resume offset and the migration running survive
            cursor = JobLogCursor.resumeAt(cursor.resumeOffset(), cursor.running());
            from = (int) cursor.resumeOffset();
          }
        }
        cursor.feed(Arrays.copyOfRange(bytes, from, bytes.length), returned::add);
        cursor.finish(returned::add);
        assertThat(returned).as("restarted at random points, seed %d", seed).isEqualTo(whole);
      }
    }
  }

  @Test
  void resumesAtTheStartOfATimestampedLineTheNextOneMayContinue() {
    String first = "2024-01-01T00:00:00.000001Z 00O -- execute(\"UPDATE\n";
    JobLogCursor cursor = JobLogCursor.atStart();
    List<String> lines = new ArrayList<>();

    cursor.feed(("plain\n" + first).getBytes(StandardCharsets.UTF_8), lines::add);

    assertThat(lines).containsExactly("plain");
    assertThat(cursor.resumeOffset()).isEqualTo("plain\n".length());
    assertThat(cursor.readOffset()).isEqualTo("plain\n".length() + first.length());
  }

  @Test
  void keepsTheMigrationRunningAcrossARestartAndHandsOutFinishedOnesOnce() {
    JobLogCursor cursor = JobLogCursor.atStart();
    cursor.feed(("main: == 20230630101010 Backfill: migrating ===\nmain: -- execute(\"UPDATE x\")\n")
        .getBytes(StandardCharsets.UTF_8), line -> { });
    JobLogCursor resumed = JobLogCursor.resumeAt(cursor.resumeOffset(), cursor.running());

    assertThat(resumed.running()).contains(new StartedMigration("20230630101010", "Backfill", Optional.of("main")));
    resumed.feed("main: == 20230630101010 Backfill: migrated (1.5s) ===\n".getBytes(StandardCharsets.UTF_8),
        line -> { });
    assertThat(resumed.running()).isEmpty();
    assertThat(resumed.drainFinished()).extracting(MigratedMigration::version).containsExactly("20230630101010");
    assertThat(resumed.drainFinished()).isEmpty();
  }

  private static List<String> readAll(byte[] bytes, int[] cuts) {
    List<String> lines = new ArrayList<>();
    JobLogCursor cursor = JobLogCursor.atStart();
    int from = 0;
    for (int cut : cuts) {
      cursor.feed(Arrays.copyOfRange(bytes, from, cut), lines::add);
      from = cut;
    }
    cursor.finish(lines::add);
    return lines;
  }

  /** Increasing cut points ending at {@code length}, some of them a single byte apart. */
  private static int[] randomCuts(int length, Random random) {
    List<Integer> cuts = new ArrayList<>();
    int at = 0;
    while (at < length) {
      at = Math.min(length, at + 1 + (random.nextBoolean() ? random.nextInt(3) : random.nextInt(400)));
      cuts.add(at);
    }
    return cuts.stream().mapToInt(Integer::intValue).toArray();
  }
}
