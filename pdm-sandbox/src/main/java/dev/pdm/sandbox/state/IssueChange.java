package dev.pdm.sandbox.state;

import java.util.Optional;

/**
 * An issue opened, updated, closed or reopened through the API ({@code action}: open, update,
 * close, reopen, as GitLab's Issue Hook names it), by {@code user}; {@code before} is the issue
 * as it was (empty when just opened).
 */
public record IssueChange(Issue issue, String action, User user, Optional<Issue.Fields> before) {
}
