package dev.pdm.core.notify;

import dev.pdm.core.run.NotificationKind;

/**
 * How a kind of notification reads: an emoji and a status word (so it reads without colour), a headline around the
 * subject, and what its detail lines are.
 *
 * @param emoji        a Slack emoji shortcode
 * @param word         the status in capitals
 * @param headline     a format with one {@code %s} for the subject (the stage, or the run)
 * @param detailsLabel the caption of the notification's detail lines
 * @param layout       how the detail lines are shown
 */
record NotificationStyle(String emoji, String word, String headline, String detailsLabel, Layout layout) {

  /** How detail lines are shown. */
  enum Layout {
    /** One bullet per line. */
    BULLETS,
    /** Verbatim in a code block: an error or a finding. */
    CODE,
    /** The first line names a kind of failure (an enum constant, shown in words), the rest is verbatim. */
    KIND_THEN_CODE
  }

  /** The style of each kind; a switch without default, so a new kind does not compile until it has one. */
  static NotificationStyle of(NotificationKind kind) {
    return switch (kind) {
      case RUN_STARTED -> new NotificationStyle(":rocket:", "STARTED", "%s started", "Pending migrations", Layout.BULLETS);
      case RUN_BLOCKED -> new NotificationStyle(":no_entry:", "BLOCKED", "%s blocked by production checks", "Blocked by", Layout.BULLETS);
      case CHECKS_OVERRIDDEN -> new NotificationStyle(":warning:", "OVERRIDDEN", "%s: production checks overridden", "Reason", Layout.BULLETS);
      case STAGE_STARTED -> new NotificationStyle(":arrow_forward:", "STARTED", "%s started", "Details", Layout.BULLETS);
      case STAGE_SUCCEEDED -> new NotificationStyle(":white_check_mark:", "SUCCEEDED", "%s succeeded", "Details", Layout.BULLETS);
      case STAGE_FAILED -> new NotificationStyle(":x:", "FAILED", "%s failed", "Failure", Layout.KIND_THEN_CODE);
      case STAGE_TIMED_OUT -> new NotificationStyle(":hourglass:", "SLOW", "%s is taking longer than expected", "Status", Layout.BULLETS);
      case MIGRATION_RUNNING_LONG -> new NotificationStyle(":turtle:", "RUNNING LONG", "%s: a migration is running long",
          "Duration", Layout.BULLETS);
      case TRIAGE_COMPLETED -> new NotificationStyle(":mag:", "TRIAGED", "%s: failure triaged", "Finding", Layout.CODE);
      case RETRY_REQUESTED -> new NotificationStyle(":repeat:", "RETRY", "%s: retry requested", "Reason", Layout.BULLETS);
      case MITIGATION_RECORDED -> new NotificationStyle(":adhesive_bandage:", "MITIGATED", "%s: mitigation recorded", "Reason", Layout.BULLETS);
      case RECORD_STEP_FAILED -> new NotificationStyle(":warning:", "RECORDING FAILED", "%s: a record step failed", "Step", Layout.KIND_THEN_CODE);
      case RUN_CANCELING -> new NotificationStyle(":octagonal_sign:", "CANCELING", "%s canceling", "Reason", Layout.BULLETS);
      case TRIGGER_UNCERTAIN -> new NotificationStyle(":question:", "NEEDS A PERSON",
          "%s: pdm cannot tell whether GitLab created the pipeline", "What pdm knows", Layout.BULLETS);
      case PIPELINE_ADOPTED -> new NotificationStyle(":link:", "ADOPTED", "%s: pipeline adopted", "Reason", Layout.BULLETS);
      case TRIGGER_AGAIN_REQUESTED -> new NotificationStyle(":repeat:", "TRIGGER AGAIN", "%s: trigger again requested", "Reason",
          Layout.BULLETS);
      case QA_FAILURE_OVERRIDDEN -> new NotificationStyle(":warning:", "QA OVERRIDDEN", "%s: QA failure overridden", "Reason",
          Layout.BULLETS);
      case STAGE_ABANDONED -> new NotificationStyle(":wastebasket:", "ABANDONED", "%s abandoned", "Reason", Layout.BULLETS);
      case RUN_SUCCEEDED -> new NotificationStyle(":tada:", "SUCCEEDED", "%s finished", "Details", Layout.BULLETS);
      case RUN_CANCELED -> new NotificationStyle(":no_entry_sign:", "CANCELED", "%s canceled", "Details", Layout.BULLETS);
      case RUN_FAILED -> new NotificationStyle(":boom:", "FAILED", "%s closed as failed", "Reason", Layout.BULLETS);
    };
  }

  /** The title line: emoji, status word, headline. */
  String title(String subject) {
    return emoji + " " + word + " · " + headline.formatted(subject);
  }
}
