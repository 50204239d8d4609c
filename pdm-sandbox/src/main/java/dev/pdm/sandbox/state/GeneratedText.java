package dev.pdm.sandbox.state;

/** Text of any length computed from its position, so that a log can hold megabytes of it without keeping them. */
public interface GeneratedText {
  /** Copies {@code count} bytes of the text, from byte {@code from}, into {@code into} at {@code at}. */
  void copy(long from, byte[] into, int at, int count);
}
