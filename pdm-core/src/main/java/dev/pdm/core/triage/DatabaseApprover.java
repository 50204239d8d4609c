package dev.pdm.core.triage;

/**
 * The database maintainer who let a migration through, and how we know.
 *
 * @param username their GitLab username
 * @param how      {@link How#APPROVED}: approved the MR as a member of the maintainers group;
 *                 {@link How#ADDED_LABEL}: added the approval label
 */
public record DatabaseApprover(String username, How how) {

  /** How the approval was found. */
  public enum How {
    APPROVED,
    ADDED_LABEL
  }
}
