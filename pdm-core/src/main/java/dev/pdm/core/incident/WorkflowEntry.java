package dev.pdm.core.incident;

import java.time.Instant;
import java.util.Optional;

/**
 * One step of the incident workflow's timeline, as the run's page and the CLI show it.
 *
 * @param number   its place in the workflow (1, 2, ...): also what makes its incident note's marker unique
 * @param kind     what kind of step
 * @param at       when
 * @param actor    who (a person's pdm name, or {@code pdm})
 * @param text     what happened, in one sentence (plain text)
 * @param link     where to see it, if anywhere
 * @param noted    whether a note on the incident was asked for this step
 * @param notePosted whether that note is on the incident (its command's outcome)
 * @param noteError  why GitLab refused that note, when it did
 */
public record WorkflowEntry(int number, Kind kind, Instant at, String actor, String text, Optional<String> link,
    boolean noted, boolean notePosted, Optional<String> noteError) {

  /** Null-safe optionals. */
  public WorkflowEntry {
    link = link == null ? Optional.empty() : link;
    noteError = noteError == null ? Optional.empty() : noteError;
  }

  /** Whether pdm is done with its note: posted, or refused by GitLab. */
  public boolean noteSettled() {
    return !noted || notePosted || noteError.isPresent();
  }

  /** The kinds of step. */
  public enum Kind {
    STARTED, BLOCK_DECIDED, PLAN_CHOSEN, FIX_MERGED, FIX_DEPLOYED, CHANGE_REQUEST, READY_TO_RERUN, BLOCK_LIFTED,
    NEXT_RUN, HANDED_OVER, FOLLOW_UP_DONE, RESOLVED, RELEASE_ITEM
  }

  /** The same entry, its note posted. */
  public WorkflowEntry posted() {
    return new WorkflowEntry(number, kind, at, actor, text, link, noted, true, noteError);
  }

  /** The same entry, its note refused by GitLab. */
  public WorkflowEntry refused(String why) {
    return new WorkflowEntry(number, kind, at, actor, text, link, noted, notePosted, Optional.of(why));
  }
}
