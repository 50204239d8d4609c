package dev.pdm.core.checks;

import dev.pdm.core.gitlab.GitLabClient;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** Fails while a change request (an open issue labelled e.g. {@code change::in-progress}) is in progress. */
public final class ChangeRequestCheck implements ProductionCheck {

  private final GitLabClient gitLab;
  private final String project;
  private final List<String> inProgressLabels;

  /** Looks in {@code project} for open issues carrying any of {@code inProgressLabels}. */
  public ChangeRequestCheck(GitLabClient gitLab, String project, List<String> inProgressLabels) {
    if (inProgressLabels.isEmpty()) {
      throw new IllegalArgumentException("inProgressLabels: expected at least one label, got none");
    }
    this.gitLab = gitLab;
    this.project = project;
    this.inProgressLabels = List.copyOf(inProgressLabels);
  }

  @Override
  public String name() {
    return "change-requests";
  }

  @Override
  public Future<CheckResult> run() {
    return LabelledIssues.open(gitLab, project, Optional.empty(), inProgressLabels).map(changes -> {
      if (changes.isEmpty()) {
        return CheckResult.pass(name(), "No change request in " + project + " carries " + inProgressLabels + ".");
      }
      return new CheckResult(name(), Verdict.FAIL,
          changes.stream().map(c -> "Change request in progress " + LabelledIssues.describe(c, inProgressLabels) + ".")
              .toList(),
          LabelledIssues.links(changes));
    });
  }
}
