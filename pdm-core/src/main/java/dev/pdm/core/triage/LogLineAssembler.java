package dev.pdm.core.triage;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a job log arriving in arbitrary chunks into cleaned lines, holding at most one line in memory.
 *
 * <p>With runner timestamps ({@code FF_TIMESTAMPS}, GitLab Runner 17+) every line starts with
 * {@code <RFC 3339 UTC timestamp> <2 hex stream number><O|E><' '|'+'>}, where {@code +} marks the continuation of the
 * previous line; such a line is therefore only complete once the next one's prefix has arrived (or the log ends).
 */
final class LogLineAssembler {
  /** Longer lines are cut here: what matters in a migration log is short, and binary garbage has no newlines. */
  static final int MAX_LINE_CHARS = 64 * 1024;

  private static final String TIMESTAMP_AND_STREAM = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z [0-9a-fA-F]{2}[OE]";
  private static final Pattern TIMESTAMP_PREFIX = Pattern.compile(TIMESTAMP_AND_STREAM + "([ +]?)");
  /** The prefix up to its line-type character, which is what tells whether a line continues the previous one. */
  private static final Pattern WHOLE_TIMESTAMP_PREFIX = Pattern.compile(TIMESTAMP_AND_STREAM + "([ +])");

  private final Consumer<String> cleanedLines;
  private final StringBuilder physical = new StringBuilder();
  private final Matcher timestampPrefix = TIMESTAMP_PREFIX.matcher(physical);
  private final Matcher nextLinePrefix = WHOLE_TIMESTAMP_PREFIX.matcher(physical);
  private final StringBuilder logical = new StringBuilder();
  private boolean logicalPending;
  private long logicalStarts;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPLACE)
      .onUnmappableCharacter(CodingErrorAction.REPLACE);
  private ByteBuffer undecoded = ByteBuffer.allocate(0);

  LogLineAssembler(Consumer<String> cleanedLines) {
    this.cleanedLines = cleanedLines;
  }

  void feed(CharSequence chunk) {
    char[] chars = chunk.toString().toCharArray();
    feed(chars, 0, chars.length);
  }

  /** Feeds {@code chars[offset, end)}; the array is scanned directly because this loop sees every character of the log. */
  void feed(char[] chars, int offset, int end) {
    int start = offset;
    for (int i = offset; i < end; i++) {
      if (chars[i] == '\n') {
        appendCapped(physical, chars, start, i);
        physicalLineEnded();
        start = i + 1;
      }
    }
    appendCapped(physical, chars, start, end);
    if (logicalPending && physical.length() > 0) {
      emitLogicalUnlessContinued();
    }
  }

  /** The start of the next line is enough to tell whether the pending line is complete: no need to wait for its end. */
  private void emitLogicalUnlessContinued() {
    boolean prefixed = nextLinePrefix.reset().lookingAt();
    if (prefixed ? !"+".equals(nextLinePrefix.group(1)) : !nextLinePrefix.hitEnd()) {
      emitLogical();
    }
  }

  /** Decodes UTF-8, keeping a multi-byte character split across chunks until its last byte arrives. */
  void feed(byte[] bytes) {
    ByteBuffer input = ByteBuffer.allocate(undecoded.remaining() + bytes.length);
    input.put(undecoded).put(bytes).flip();
    CharBuffer chars = CharBuffer.allocate(input.remaining());
    utf8.decode(input, chars, false);
    undecoded = input.slice();
    feed(chars.array(), 0, chars.position());
  }

  /** The log ended: its last line may lack a newline (a cut-off log) and must still count. */
  void finish() {
    if (undecoded.hasRemaining()) {
      CharBuffer chars = CharBuffer.allocate(undecoded.remaining() + 1);
      utf8.decode(undecoded, chars, true);
      utf8.flush(chars);
      undecoded = ByteBuffer.allocate(0);
      feed(chars.array(), 0, chars.position());
    }
    if (physical.length() > 0) {
      physicalLineEnded();
    }
    emitLogical();
  }

  /** Whether a timestamped line is held back, waiting to see whether the next line continues it. */
  boolean pending() {
    return logicalPending;
  }

  /** How many timestamped lines have started so far (continuations excluded): tells a caller where one began. */
  long logicalStarts() {
    return logicalStarts;
  }

  private void physicalLineEnded() {
    if (physical.length() > 0 && physical.charAt(physical.length() - 1) == '\r') {
      physical.setLength(physical.length() - 1);
    }
    if (physical.length() > 0 && Character.isDigit(physical.charAt(0)) && timestampPrefix.reset().lookingAt()) {
      boolean continuation = "+".equals(timestampPrefix.group(1));
      if (!continuation) {
        emitLogical();
        logicalStarts++;
      }
      appendCapped(logical, physical, timestampPrefix.end(), physical.length());
      logicalPending = true;
    } else {
      emitLogical();
      emit(physical.toString());
    }
    physical.setLength(0);
  }

  private void emitLogical() {
    if (logicalPending) {
      emit(logical.toString());
      logical.setLength(0);
      logicalPending = false;
    }
  }

  private void emit(String raw) {
    LogLineCleaner.clean(raw).ifPresent(cleanedLines);
  }

  private static void appendCapped(StringBuilder line, char[] source, int start, int end) {
    int count = Math.min(end - start, MAX_LINE_CHARS - line.length());
    if (count > 0) {
      line.append(source, start, count);
    }
  }

  private static void appendCapped(StringBuilder line, CharSequence source, int start, int end) {
    int room = MAX_LINE_CHARS - line.length();
    if (room > 0) {
      line.append(source, start, Math.min(end, start + room));
    }
  }
}
