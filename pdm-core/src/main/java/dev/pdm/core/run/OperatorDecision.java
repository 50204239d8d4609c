package dev.pdm.core.run;

import java.time.Instant;
import java.util.Optional;

/**
 * An operator's accepted decision, kept on the run for the record.
 *
 * @param at      when it was taken
 * @param actor   who took it
 * @param kind    what was decided
 * @param stageId the stage it concerns (empty for a cancel)
 * @param reason  why (required for override, retry and mitigations)
 * @param link    e.g. the MR that made a migration a no-op
 */
public record OperatorDecision(Instant at, String actor, Kind kind, Optional<String> stageId, String reason, Optional<String> link) {

  /** The decisions an operator can take. */
  public enum Kind {
    RECHECK,
    CHECKS_OVERRIDDEN,
    RETRY,
    MITIGATION_NOOP,
    MITIGATION_MARK_COMPLETE,
    MITIGATION_OTHER,
    RECORD_STEP_RETRY,
    CANCEL,
    /** A failed QA stage is let through by a person: the only decision that moves a failed QA stage on. */
    QA_FAILURE_OVERRIDDEN,
    /** A person named the pipeline of an attempt whose creation pdm could not confirm. */
    PIPELINE_ADOPTED,
    /** A person said no pipeline was created for an uncertain attempt: a new attempt is triggered. */
    TRIGGER_AGAIN,
    /** A person gave a stage up; the run ends failed. */
    ABANDON;

    static Kind of(MitigationKind mitigation) {
      return switch (mitigation) {
        case NOOP -> MITIGATION_NOOP;
        case MARK_COMPLETE -> MITIGATION_MARK_COMPLETE;
        case OTHER -> MITIGATION_OTHER;
      };
    }
  }
}
