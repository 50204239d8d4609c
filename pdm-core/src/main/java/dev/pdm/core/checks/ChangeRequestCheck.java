package dev.pdm.core.checks;

import dev.pdm.core.gitlab.GitLabClient;
import java.util.List;
import java.util.Optional;

/** Fails while a change request (an open issue labelled e.g. {@code change::in-progress}) is in progress. */
public final class ChangeRequestCheck extends LabelledIssueCheck {

  /** Looks in {@code project} for open issues carrying any of {@code inProgressLabels}. */
  public ChangeRequestCheck(GitLabClient gitLab, String project, List<String> inProgressLabels) {
    super(gitLab, project, Optional.empty(), inProgressLabels, "change request");
  }

  @Override
  public String name() {
    return "change-requests";
  }

  @Override
  String inputKey() {
    return "change_requests";
  }
}
