package dev.pdm.core.triage;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Follows a job log that is still growing, read in chunks of bytes from some offset, and knows where to start again:
 * {@link #resumeOffset()} is the byte offset from which a new cursor (after a restart, on another replica) returns
 * exactly the cleaned lines this one has not returned yet, none lost and none repeated. Keeps no more than the line
 * being assembled and the migration running: the lines go to the caller as they complete, and the migrations finished
 * are handed out once ({@link #drainFinished()}). Not thread-safe.
 *
 * <p>A resume point is a line boundary: the start of a line not complete yet, or, for a line with a runner timestamp
 * ({@code FF_TIMESTAMPS}), the start of the line that may still be continued ({@code +}) by the next one.
 */
public final class JobLogCursor {
  private final MigrationLogTracker tracker = new MigrationLogTracker();
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPLACE)
      .onUnmappableCharacter(CodingErrorAction.REPLACE);
  private Consumer<String> lines = line -> {
  };
  private final LogLineAssembler assembler = new LogLineAssembler(line -> {
    tracker.accept(line);
    lines.accept(line);
  });
  private byte[] undecoded = new byte[0];
  private long decodedUpTo;
  private long physicalStart;
  private long logicalStart;

  private JobLogCursor(long offset, Optional<StartedMigration> running) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset: expected 0 or more, got " + offset);
    }
    decodedUpTo = offset;
    physicalStart = offset;
    logicalStart = offset;
    tracker.resumeWithin(running);
  }

  /** A cursor at the start of a log. */
  public static JobLogCursor atStart() {
    return new JobLogCursor(0, Optional.empty());
  }

  /**
   * A cursor at an earlier cursor's {@link #resumeOffset()}, where {@code running} (that cursor's {@link #running()})
   * was the migration in progress.
   */
  public static JobLogCursor resumeAt(long offset, Optional<StartedMigration> running) {
    return new JobLogCursor(offset, running);
  }

  /** Feeds the next bytes of the log; each cleaned line they complete goes to {@code completed}, in order. */
  public void feed(byte[] chunk, Consumer<String> completed) {
    lines = completed;
    byte[] input = undecoded.length == 0 ? chunk : concat(undecoded, chunk);
    ByteBuffer in = ByteBuffer.wrap(input);
    CharBuffer out = CharBuffer.allocate(input.length);
    utf8.decode(in, out, false);
    int consumed = in.position();
    undecoded = consumed == input.length ? new byte[0] : Arrays.copyOfRange(input, consumed, input.length);
    char[] chars = out.array();
    int charEnd = out.position();
    int byteFrom = 0;
    int charFrom = 0;
    // A '\n' is one byte and one char: the n-th newline of the bytes is the n-th of the chars.
    for (int b = indexOf(input, byteFrom, consumed); b >= 0; b = indexOf(input, byteFrom, consumed)) {
      int c = indexOf(chars, charFrom, charEnd);
      long startsBefore = assembler.logicalStarts();
      assembler.feed(chars, charFrom, c + 1);
      long lineStart = physicalStart;
      physicalStart = decodedUpTo + b + 1;
      if (assembler.logicalStarts() != startsBefore) {
        logicalStart = lineStart;
      }
      byteFrom = b + 1;
      charFrom = c + 1;
    }
    assembler.feed(chars, charFrom, charEnd);
    decodedUpTo += consumed;
  }

  /** The log is complete: its last line counts even without a line break. */
  public void finish(Consumer<String> completed) {
    lines = completed;
    if (undecoded.length > 0) {
      CharBuffer out = CharBuffer.allocate(undecoded.length + 1);
      utf8.decode(ByteBuffer.wrap(undecoded), out, true);
      utf8.flush(out);
      decodedUpTo += undecoded.length;
      undecoded = new byte[0];
      assembler.feed(out.array(), 0, out.position());
    }
    assembler.finish();
    physicalStart = decodedUpTo;
    logicalStart = decodedUpTo;
  }

  /** Where a new cursor must start to return exactly the lines this one has not returned yet. */
  public long resumeOffset() {
    return assembler.pending() ? logicalStart : physicalStart;
  }

  /** How far the log has been read: the offset of the next byte to feed. */
  public long readOffset() {
    return decodedUpTo + undecoded.length;
  }

  /** The migration running when the lines returned so far end, if any. */
  public Optional<StartedMigration> running() {
    return tracker.running();
  }

  /**
   * What the lines returned so far say: the failed migration and its error, the migration running (and the finished
   * ones not handed out by {@link #drainFinished()}).
   */
  public MigrationLog snapshot() {
    return tracker.snapshot();
  }

  /** The migrations finished since the last call, each handed out once. */
  public List<MigratedMigration> drainFinished() {
    return tracker.drainMigrated();
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] joined = new byte[first.length + second.length];
    System.arraycopy(first, 0, joined, 0, first.length);
    System.arraycopy(second, 0, joined, first.length, second.length);
    return joined;
  }

  private static int indexOf(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(char[] chars, int from, int to) {
    for (int i = from; i < to; i++) {
      if (chars[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
