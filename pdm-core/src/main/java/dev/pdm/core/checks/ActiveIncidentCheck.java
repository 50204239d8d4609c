package dev.pdm.core.checks;

import dev.pdm.core.gitlab.GitLabClient;
import java.util.List;
import java.util.Optional;

/** Fails while an incident issue with a blocking label (e.g. {@code severity::1}) is open in the production project. */
public final class ActiveIncidentCheck extends LabelledIssueCheck {

  /** Looks in {@code project} for open incidents carrying any of {@code blockingLabels}. */
  public ActiveIncidentCheck(GitLabClient gitLab, String project, List<String> blockingLabels) {
    super(gitLab, project, Optional.of("incident"), blockingLabels, "incident");
  }

  @Override
  public String name() {
    return "active-incidents";
  }

  @Override
  String inputKey() {
    return "incidents";
  }
}
