package dev.pdm.cli;

import dev.pdm.cli.text.TerminalSize;

/** A terminal window whose size never changes and that never asks for a redraw: the tests' own. */
record FixedWindow(TerminalSize size) implements TerminalWindow {
  @Override
  public Runnable follow(Runnable redraw) {
    return () -> { };
  }
}
