package dev.pdm.sandbox.state;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A job's log as GitLab stores it: what the job wrote, in order. Generated bulk output is kept as its size only and
 * produced when read, so a log of hundreds of megabytes costs the sandbox nothing.
 */
public final class TraceText {
  private final List<Part> parts = new ArrayList<>();
  private long length;

  /** A piece of the log. */
  private sealed interface Part {
    long length();

    void copy(long from, byte[] into, int at, int count);
  }

  private record Written(byte[] bytes) implements Part {
    @Override
    public long length() {
      return bytes.length;
    }

    @Override
    public void copy(long from, byte[] into, int at, int count) {
      System.arraycopy(bytes, (int) from, into, at, count);
    }
  }

  private record Generated(GeneratedText text, long start, long length) implements Part {
    @Override
    public void copy(long from, byte[] into, int at, int count) {
      text.copy(start + from, into, at, count);
    }
  }

  /** Appends what the job wrote. */
  public synchronized void append(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    parts.add(new Written(bytes));
    length += bytes.length;
  }

  /** Appends the next {@code bytes} of {@code text}, continuing where its last part in this log ended. */
  public synchronized void append(GeneratedText text, long bytes) {
    long start = 0;
    if (!parts.isEmpty() && parts.get(parts.size() - 1) instanceof Generated last && last.text() == text) {
      parts.set(parts.size() - 1, new Generated(text, last.start(), last.length() + bytes));
    } else {
      for (Part part : parts) {
        if (part instanceof Generated earlier && earlier.text() == text) {
          start = earlier.start() + earlier.length();
        }
      }
      parts.add(new Generated(text, start, bytes));
    }
    length += bytes;
  }

  /** The log's length in bytes. */
  public synchronized long length() {
    return length;
  }

  /** At most {@code max} bytes of the log from byte {@code from} (none at or past its end). */
  public synchronized byte[] read(long from, int max) {
    int count = (int) Math.max(0, Math.min(max, length - from));
    byte[] out = new byte[count];
    long partStart = 0;
    int copied = 0;
    for (Part part : parts) {
      long partEnd = partStart + part.length();
      if (copied < count && partEnd > from + copied) {
        long inPart = from + copied - partStart;
        int n = (int) Math.min(count - copied, part.length() - inPart);
        part.copy(inPart, out, copied, n);
        copied += n;
      }
      partStart = partEnd;
    }
    return out;
  }

  /** The whole log as text (for small logs: tests, snapshots). */
  public String text() {
    return new String(read(0, (int) Math.min(Integer.MAX_VALUE - 8, length())), StandardCharsets.UTF_8);
  }
}
