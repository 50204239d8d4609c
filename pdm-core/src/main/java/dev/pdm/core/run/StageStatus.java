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
  /**
   * pdm sent the pipeline creation and cannot tell whether GitLab created it (no answer, and no pipeline carrying the
   * attempt's marker appeared within the quiet period): a person adopts a pipeline, triggers again, or abandons.
   */
  TRIGGER_UNCERTAIN,
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
  SKIPPED,
  /** An operator gave the stage up (with a reason): pdm stops following it; no GitLab pipeline is canceled. */
  ABANDONED;

  /** Whether the stage can never run again. */
  public boolean isFinal() {
    return this == SUCCEEDED || this == CANCELED || this == SKIPPED || this == ABANDONED;
  }
}
