package dev.pdm.server;

/** Entry point of the pdm server. */
public final class PdmServerMain {
  private PdmServerMain() {
  }

  public static void main(String[] args) {
  }
}
