package dev.pdm.core.checks;

/**
 * A person's decision to proceed although checks did not pass; always has a reason, always reported.
 *
 * @param actor  who decided (a GitLab username or pdm user)
 * @param reason why it is safe to proceed
 */
public record CheckOverride(String actor, String reason) {

  /** Refuses an override without an actor or a reason. */
  public CheckOverride {
    if (actor == null || actor.isBlank()) {
      throw new IllegalArgumentException("actor: expected who overrides the checks, got none");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("reason: expected why overriding the checks is safe, got none");
    }
  }
}
