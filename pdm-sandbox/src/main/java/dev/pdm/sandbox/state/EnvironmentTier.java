package dev.pdm.sandbox.state;

/** GitLab's deployment tier guessed from an environment name, as GitLab itself does. */
final class EnvironmentTier {
  private EnvironmentTier() {
  }

  static String of(String name) {
    String leaf = name.substring(name.lastIndexOf('/') + 1);
    if (leaf.equals("gprd") || leaf.startsWith("prod")) {
      return "production";
    }
    if (leaf.equals("gstg") || leaf.startsWith("stag") || leaf.startsWith("pre")) {
      return "staging";
    }
    return "other";
  }
}
