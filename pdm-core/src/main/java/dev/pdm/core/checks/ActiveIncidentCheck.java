package dev.pdm.core.checks;

import dev.pdm.core.gitlab.GitLabClient;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** Fails while an incident issue with a blocking label (e.g. {@code severity::1}) is open in the production project. */
public final class ActiveIncidentCheck implements ProductionCheck {

  private final GitLabClient gitLab;
  private final String project;
  private final List<String> blockingLabels;

  /** Looks in {@code project} for open incidents carrying any of {@code blockingLabels}. */
  public ActiveIncidentCheck(GitLabClient gitLab, String project, List<String> blockingLabels) {
    if (blockingLabels.isEmpty()) {
      throw new IllegalArgumentException("blockingLabels: expected at least one label, got none");
    }
    this.gitLab = gitLab;
    this.project = project;
    this.blockingLabels = List.copyOf(blockingLabels);
  }

  @Override
  public String name() {
    return "active-incidents";
  }

  @Override
  public Future<CheckResult> run() {
    return LabelledIssues.open(gitLab, project, Optional.of("incident"), blockingLabels).map(incidents -> {
      if (incidents.isEmpty()) {
        return CheckResult.pass(name(), "No open incident in " + project + " carries " + blockingLabels + ".");
      }
      return new CheckResult(name(), Verdict.FAIL,
          incidents.stream().map(i -> "Active incident " + LabelledIssues.describe(i, blockingLabels) + ".").toList(),
          LabelledIssues.links(incidents));
    });
  }
}
