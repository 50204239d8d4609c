package dev.pdm.core.config;

/**
 * One thing wrong with a configuration: where, what was found, what was expected.
 *
 * @param path     the key's path, e.g. {@code environments[1].gitlab_environment}
 * @param value    what was found, already redacted for secrets; {@code null} when the key is absent
 * @param expected what a valid value looks like
 */
public record ConfigProblem(String path, String value, String expected) {

  /** The problem as one line a release manager can act on. */
  public String message() {
    return value == null ? path + ": " + expected : path + ": " + expected + " (got " + value + ")";
  }
}
