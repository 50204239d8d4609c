package dev.pdm.cli.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A terminal's size as {@code stty size} prints it. */
class TerminalSizeTest {
  @Test
  void readsRowsThenColumns() {
    assertThat(TerminalSize.fromStty("24 80\n")).contains(new TerminalSize(80, 24));
    assertThat(TerminalSize.fromStty("50 200")).contains(new TerminalSize(200, 50));
  }

  @Test
  void aTerminalWithoutASizeOrAnythingElseIsNoSize() {
    assertThat(TerminalSize.fromStty("0 0\n")).isEmpty();
    assertThat(TerminalSize.fromStty("stty: 'standard input': Inappropriate ioctl for device")).isEmpty();
    assertThat(TerminalSize.fromStty("99999999999 80")).isEmpty();
    assertThat(TerminalSize.fromStty("")).isEmpty();
  }
}
