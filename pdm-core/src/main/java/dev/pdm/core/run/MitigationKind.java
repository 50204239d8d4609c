package dev.pdm.core.run;

/** What an operator did about a failed stage. */
public enum MitigationKind {
  /** The migration was made a no-op: the stage counts as done. */
  NOOP,
  /** The (DML) migration was completed by hand and marked complete: the stage counts as done. */
  MARK_COMPLETE,
  /** Anything else worth recording; the stage stays failed. */
  OTHER;

  /** The kind as people write it: {@code noop}, {@code mark-complete} or {@code other}. */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** The kind written as {@link #word()}, if it is one. */
  public static java.util.Optional<MitigationKind> ofWord(String word) {
    return java.util.Arrays.stream(values()).filter(k -> k.word().equals(word)).findFirst();
  }

  /** Whether this mitigation lets the run go on as if the stage had succeeded. */
  public boolean resolvesStage() {
    return this != OTHER;
  }
}
