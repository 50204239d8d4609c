package dev.pdm.core.run;

import java.time.Instant;
import java.util.Optional;

/**
 * One bookkeeping write after a migration succeeded; its failure never fails the migration.
 *
 * @param kind    which write
 * @param status  pending while its command is out
 * @param attempt 1, +1 per RecordStepRetryRequested; a completion for another attempt is stale
 * @param detail  the executor's note (error or what was written)
 * @param at      when the latest outcome was reported
 */
public record RecordStep(Kind kind, Status status, int attempt, Optional<String> detail, Optional<Instant> at) {

  /** The writes that record a migrated environment. */
  public enum Kind {
    /** A deployment on {@code db/<env>} in the canonical project at the migrated SHA. */
    DEPLOYMENT_CANONICAL,
    /** The same in the security project (only when the snapshot saw a security package). */
    DEPLOYMENT_SECURITY,
    /** {@code workflow::post-deploy-db-*} labels on the merge requests whose migrations ran. */
    LABEL_MRS,
    /** A comment on the monthly release issue listing what ran. */
    RELEASE_ISSUE_COMMENT
  }

  /** A record step's state. */
  public enum Status {
    PENDING,
    SUCCEEDED,
    FAILED
  }

  static RecordStep pending(Kind kind, int attempt) {
    return new RecordStep(kind, Status.PENDING, attempt, Optional.empty(), Optional.empty());
  }

  RecordStep completed(boolean ok, String note, Instant when) {
    return new RecordStep(kind, ok ? Status.SUCCEEDED : Status.FAILED, attempt, Optional.of(note), Optional.of(when));
  }
}
