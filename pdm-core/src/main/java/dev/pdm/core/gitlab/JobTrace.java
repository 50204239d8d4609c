package dev.pdm.core.gitlab;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A slice of a job's log from some offset: the new text and where to continue tailing from.
 *
 * @param text       the log bytes from the requested offset, decoded as UTF-8 (only whole characters)
 * @param nextOffset the byte offset to ask for next time
 */
public record JobTrace(String text, long nextOffset) {

  /**
   * Decodes {@code bytes} read at {@code offset}, leaving a character cut at the end of the slice for the next read,
   * so that tailing a growing log never garbles a multi-byte character.
   */
  static JobTrace of(byte[] bytes, long offset) {
    int complete = bytes.length - incompleteTail(bytes);
    return new JobTrace(new String(Arrays.copyOf(bytes, complete), StandardCharsets.UTF_8), offset + complete);
  }

  /**
   * The text of the last bytes of a log, {@code bytes}; when they fill {@code maxBytes} the log may have been cut, so
   * what precedes its first line break (a part of a line, perhaps of a character) is left out.
   */
  static JobTrace tail(byte[] bytes, int maxBytes) {
    int from = 0;
    if (bytes.length >= maxBytes) {
      int newline = 0;
      while (newline < bytes.length && bytes[newline] != '\n') {
        newline++;
      }
      from = Math.min(bytes.length, newline + 1);
    }
    return of(Arrays.copyOfRange(bytes, from, bytes.length), 0);
  }

  private static int incompleteTail(byte[] bytes) {
    for (int back = 1; back <= Math.min(3, bytes.length); back++) {
      int b = bytes[bytes.length - back] & 0xFF;
      if ((b & 0xC0) == 0x80) {
        continue;
      }
      int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
      return length > back ? back : 0;
    }
    return 0;
  }
}
