package dev.pdm.cli;

import dev.pdm.cli.text.TerminalSize;

/** The terminal the live view of {@code pdm watch} draws on: its size, and when to draw again. */
interface TerminalWindow {
  /** Its size now ({@link TerminalSize#CLASSIC} when it cannot be read). */
  TerminalSize size();

  /**
   * Calls {@code redraw}, from a thread of its own, as soon as the size changed and at least every second (so running
   * durations tick); returns what stops it.
   */
  Runnable follow(Runnable redraw);
}
