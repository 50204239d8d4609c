package dev.pdm.core.triage;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a GitLab job log of {@code rake db:migrate} line by line, without ever holding the whole log: which migrations
 * finished, which one is running, which one failed and why.
 *
 * <p>Lines are cleaned first: runner timestamp prefixes, ANSI escape sequences, GitLab section markers and CRLF line
 * ends removed; lines longer than 64 KiB are cut.
 */
public final class JobLogParser {
  private static final int READ_BUFFER_CHARS = 64 * 1024;

  private JobLogParser() {
  }

  /** Parses a whole log from {@code reader} (not closed). */
  public static MigrationLog parse(Reader reader) throws IOException {
    MigrationLogTracker tracker = new MigrationLogTracker();
    LogLineAssembler lines = new LogLineAssembler(tracker::accept);
    char[] buffer = new char[READ_BUFFER_CHARS];
    for (int read = reader.read(buffer); read >= 0; read = reader.read(buffer)) {
      lines.feed(buffer, 0, read);
    }
    lines.finish();
    return tracker.snapshot();
  }

  /** Parses a whole log already in memory (as GitLab's trace endpoint returns it). */
  public static MigrationLog parse(String log) {
    try {
      return parse(new StringReader(log));
    } catch (IOException e) {
      throw new UncheckedIOException("reading a string cannot fail", e);
    }
  }

  /** Parses a whole UTF-8 log from {@code in} (not closed); malformed bytes become U+FFFD. */
  public static MigrationLog parse(InputStream in) throws IOException {
    return parse(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE)));
  }

  /** A parser for a log that is still growing, fed its new bytes or characters as they arrive. */
  public static Incremental incremental() {
    return new Incremental();
  }

  /**
   * Parses a growing log: feed each new chunk (a line may be split across chunks), get the lines the chunk completed,
   * and look at {@link #snapshot()} at any time; call {@link #finish()} once, when the job has ended. With runner
   * timestamps a line counts as complete once the next line's prefix shows it is not continued. Feed either bytes or
   * characters, not both. Not thread-safe.
   */
  public static final class Incremental {
    private final MigrationLogTracker tracker = new MigrationLogTracker();
    private final List<String> completed = new ArrayList<>();
    private final LogLineAssembler lines = new LogLineAssembler(line -> {
      completed.add(line);
      tracker.accept(line);
    });

    private Incremental() {
    }

    /** Feeds the next characters of the log; returns the cleaned lines they completed, in order. */
    public List<String> feed(CharSequence chunk) {
      lines.feed(chunk);
      return drain();
    }

    /** Feeds the next bytes of a UTF-8 log (e.g. an HTTP Range response); returns the cleaned lines they completed. */
    public List<String> feed(byte[] chunk) {
      lines.feed(chunk);
      return drain();
    }

    /** The log is complete: its unterminated last line counts too; returns the cleaned lines this completed. */
    public List<String> finish() {
      lines.finish();
      return drain();
    }

    /** What the lines completed so far say. */
    public MigrationLog snapshot() {
      return tracker.snapshot();
    }

    private List<String> drain() {
      List<String> drained = List.copyOf(completed);
      completed.clear();
      return drained;
    }
  }
}
