package dev.pdm.core.run;

/** Where a run is; see package-info for the transition table. */
public enum RunStatus {
  /** Production checks run for the current (migrate) stage; nothing is triggered. */
  CHECKING,
  /** Checks failed for the current stage; waits for a recheck, an override with a reason, or a cancel. */
  BLOCKED,
  /** The current stage's pipeline is being triggered or followed, or its success is being recorded. */
  RUNNING,
  /**
   * The current stage failed, or pdm cannot tell whether its pipeline was created; waits for a person's decision with a
   * reason (retry, mitigation, QA override, adopt, trigger again, abandon), or a cancel.
   */
  WAITING_FOR_DECISION,
  /** Cancel was asked while something was in flight; the in-flight stage ends on its own, then the run is CANCELED. */
  CANCELING,
  /** Terminal: every stage succeeded. */
  SUCCEEDED,
  /** Terminal: canceled by an operator before or while a stage ran; later stages were skipped. */
  CANCELED,
  /** Terminal: a stage failed or was abandoned, and an operator closed the run instead of retrying or mitigating. */
  FAILED;

  /** Whether nothing can move this run any more (record steps may still be redone). */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == CANCELED || this == FAILED;
  }
}
