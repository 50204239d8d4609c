package dev.pdm.cli;

/** Entry point of the {@code pdm} command. */
public final class PdmCli {
  private PdmCli() {
  }

  public static void main(String[] args) {
    System.err.println("pdm: not built yet");
    System.exit(1);
  }
}
