package dev.pdm.core.checks;

/** A check's outcome: {@code ERROR} (could not tell) blocks like {@code FAIL}. */
public enum Verdict {
  PASS,
  FAIL,
  ERROR
}
