package dev.pdm.core.run;

/** Where a stage is; see package-info for the transition table. */
public enum StageStatus {
  /** Not reached yet. */
  PENDING,
  /** Production checks run before this migrate stage. */
  CHECKING,
  /** Checks failed; nothing triggered. */
  BLOCKED,
  /** A TriggerPipeline command is out; waiting for the pipeline id. */
  TRIGGERING,
  /** Following the stage's pipeline (and, for migrate, its migration job). */
  RUNNING,
  /** The migration succeeded; deployments, labels and the release-issue comment are being recorded. */
  RECORDING,
  /** Done: succeeded, or resolved by a mitigation (see {@link Stage#resolution()}). */
  SUCCEEDED,
  /** The current attempt failed; waits for an operator decision. */
  FAILED,
  /** Canceled before its pipeline was triggered. */
  CANCELED,
  /** Never reached: the run ended before it. */
  SKIPPED;

  /** Whether the stage can never run again. */
  public boolean isFinal() {
    return this == SUCCEEDED || this == CANCELED || this == SKIPPED;
  }
}
