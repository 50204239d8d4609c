package dev.pdm.sandbox.ci;

import dev.pdm.sandbox.state.GeneratedText;
import java.nio.charset.StandardCharsets;

/**
 * What a verbose batched backfill prints, batch after batch: Rails' {@code -- execute(...)} line for an UPDATE of a
 * range of ids, then its {@code -> 0.0123s} line. Both lines have a fixed length, so any byte of the output is computed
 * from its position and a log of hundreds of megabytes needs no memory.
 */
final class BulkOutput implements GeneratedText {
  private static final String BATCH = "main: -- execute(\"UPDATE \\\"%s\\\" SET \\\"partition_id\\\" = 102 WHERE"
      + " \\\"id\\\" BETWEEN 000000000000 AND 000000000000\")\nmain:    -> 0.0000s\n";
  private final byte[] template;
  private final int firstIdEnd;
  private final int lastIdEnd;
  private final int secondsEnd;

  BulkOutput(String table) {
    String line = String.format(BATCH, table);
    template = line.getBytes(StandardCharsets.UTF_8);
    int first = line.indexOf("BETWEEN ") + "BETWEEN ".length();
    firstIdEnd = first + 12;
    lastIdEnd = line.indexOf(" AND ") + " AND ".length() + 12;
    secondsEnd = line.indexOf("s\n", lastIdEnd);
  }

  /** The length of one batch's two lines. */
  int batchLength() {
    return template.length;
  }

  @Override
  public void copy(long from, byte[] into, int at, int count) {
    byte[] batch = template.clone();
    long rendered = -1;
    for (int i = 0; i < count; i++) {
      long position = from + i;
      long number = position / batch.length;
      if (number != rendered) {
        render(batch, number);
        rendered = number;
      }
      into[at + i] = batch[(int) (position % batch.length)];
    }
  }

  /** Batch {@code n} updates ids {@code n*1000+1} to {@code (n+1)*1000} and took a made-up 1 to 99 ms. */
  private void render(byte[] batch, long n) {
    digits(batch, firstIdEnd, 12, n * 1000 + 1);
    digits(batch, lastIdEnd, 12, (n + 1) * 1000);
    digits(batch, secondsEnd, 4, 10 + (n * 7919) % 990);
  }

  private static void digits(byte[] into, int end, int width, long value) {
    long rest = value;
    for (int i = 1; i <= width; i++) {
      into[end - i] = (byte) ('0' + rest % 10);
      rest /= 10;
    }
  }
}
