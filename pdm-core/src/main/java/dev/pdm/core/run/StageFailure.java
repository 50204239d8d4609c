package dev.pdm.core.run;

import java.time.Instant;

/**
 * Why an attempt failed.
 *
 * @param kind   the failure's class
 * @param detail human readable, e.g. the trigger error or the statuses seen
 * @param at     when it was observed
 */
public record StageFailure(Kind kind, String detail, Instant at) {

  /** The ways an attempt fails. */
  public enum Kind {
    /** The executor could not create the pipeline and found none carrying the attempt's markers. */
    TRIGGER_FAILED,
    /** The migration job failed: triaged. */
    MIGRATION_JOB_FAILED,
    /** The migration job was canceled or skipped, or the pipeline finished without it. */
    MIGRATION_JOB_NOT_RUN,
    /** The pipeline ended without success before its migration job succeeded (or, for QA, at all). */
    PIPELINE_FAILED,
    /** The migration job succeeded but the pipeline did not: the data is migrated, an operator decides. */
    PIPELINE_FAILED_AFTER_MIGRATION,
    /** GitLab answers 404 for the followed pipeline: it was deleted. */
    PIPELINE_MISSING
  }
}
