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
 * previous line; such a line is therefore only complete once the next one starts (or the log ends).
 */
final class LogLineAssembler {
  /** Longer lines are cut here: what matters in a migration log is short, and binary garbage has no newlines. */
  static final int MAX_LINE_CHARS = 64 * 1024;

  private static final Pattern TIMESTAMP_PREFIX =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z [0-9a-fA-F]{2}[OE]([ +]?)");

  private final Consumer<String> cleanedLines;
  private final StringBuilder physical = new StringBuilder();
  private final StringBuilder logical = new StringBuilder();
  private boolean logicalPending;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPLACE)
      .onUnmappableCharacter(CodingErrorAction.REPLACE);
  private ByteBuffer undecoded = ByteBuffer.allocate(0);

  LogLineAssembler(Consumer<String> cleanedLines) {
    this.cleanedLines = cleanedLines;
  }

  void feed(CharSequence chunk) {
    int length = chunk.length();
    int start = 0;
    for (int i = 0; i < length; i++) {
      if (chunk.charAt(i) == '\n') {
        appendCapped(physical, chunk, start, i);
        physicalLineEnded();
        start = i + 1;
      }
    }
    appendCapped(physical, chunk, start, length);
  }

  /** Decodes UTF-8, keeping a multi-byte character split across chunks until its last byte arrives. */
  void feed(byte[] bytes) {
    ByteBuffer input = ByteBuffer.allocate(undecoded.remaining() + bytes.length);
    input.put(undecoded).put(bytes).flip();
    CharBuffer chars = CharBuffer.allocate(input.remaining());
    utf8.decode(input, chars, false);
    undecoded = input.slice();
    feed(chars.flip());
  }

  /** The log ended: its last line may lack a newline (a cut-off log) and must still count. */
  void finish() {
    if (undecoded.hasRemaining()) {
      CharBuffer chars = CharBuffer.allocate(undecoded.remaining() + 1);
      utf8.decode(undecoded, chars, true);
      utf8.flush(chars);
      undecoded = ByteBuffer.allocate(0);
      feed(chars.flip());
    }
    if (physical.length() > 0) {
      physicalLineEnded();
    }
    emitLogical();
  }

  private void physicalLineEnded() {
    if (physical.length() > 0 && physical.charAt(physical.length() - 1) == '\r') {
      physical.setLength(physical.length() - 1);
    }
    Matcher prefix = physical.length() > 0 && Character.isDigit(physical.charAt(0))
        ? TIMESTAMP_PREFIX.matcher(physical) : null;
    if (prefix != null && prefix.lookingAt()) {
      boolean continuation = "+".equals(prefix.group(1));
      if (!continuation) {
        emitLogical();
      }
      appendCapped(logical, physical, prefix.end(), physical.length());
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

  private static void appendCapped(StringBuilder line, CharSequence source, int start, int end) {
    int room = MAX_LINE_CHARS - line.length();
    if (room > 0) {
      line.append(source, start, Math.min(end, start + room));
    }
  }
}
