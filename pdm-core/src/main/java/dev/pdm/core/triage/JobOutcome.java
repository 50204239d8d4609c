package dev.pdm.core.triage;

/** How the job ended according to the runner's last words in the log ({@code Job succeeded}, {@code ERROR: Job failed}). */
public enum JobOutcome {
  SUCCEEDED,
  FAILED,
  /** The log does not say (yet): the job is running, or the log was cut off. */
  UNKNOWN
}
