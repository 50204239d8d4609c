package dev.pdm.core.hooks;

/** What a webhook delivery turned out to be. */
public sealed interface ParsedHook {

  /** A pipeline, job or deployment event pdm understands. */
  record Observed(GitLabObservation observation) implements ParsedHook {
  }

  /** A well-formed event of a kind pdm does not follow (push, note, ...): accepted, nothing done. */
  record Ignored(String reason) implements ParsedHook {
  }

  /** Not a valid event: the reason names the field, the value and what was expected. */
  record Invalid(String reason) implements ParsedHook {
  }
}
