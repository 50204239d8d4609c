package dev.pdm.sandbox;

/** Entry point of the standalone sandbox jar. */
public final class SandboxMain {
  private SandboxMain() {
  }

  public static void main(String[] args) {
    System.err.println("pdm-sandbox: not built yet");
    System.exit(1);
  }
}
