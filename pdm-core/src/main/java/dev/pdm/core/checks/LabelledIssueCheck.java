package dev.pdm.core.checks;

import dev.pdm.core.gitlab.GitLabClient;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gitlab4j.api.models.Issue;

/**
 * Fails while an open issue (of a type, if given) in a project carries any of some labels; one GitLab query per
 * label, results without duplicates.
 */
abstract class LabelledIssueCheck implements ProductionCheck {

  private final GitLabClient gitLab;
  private final String project;
  private final Optional<String> issueType;
  private final List<String> labels;
  private final String finding;

  LabelledIssueCheck(GitLabClient gitLab, String project, Optional<String> issueType, List<String> labels,
                     String finding) {
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("labels: expected at least one " + finding + " label, got none");
    }
    this.gitLab = gitLab;
    this.project = project;
    this.issueType = issueType;
    this.labels = List.copyOf(labels);
    this.finding = finding;
  }

  @Override
  public Future<CheckResult> run() {
    List<Future<List<Issue>>> perLabel = labels.stream()
        .map(label -> gitLab.issues(project, "opened", issueType, List.of(label)).all())
        .toList();
    return Future.all(perLabel).map(done -> {
      Map<Long, Issue> byIid = new LinkedHashMap<>();
      perLabel.forEach(found -> found.result().stream()
          .filter(issue -> issueType.isEmpty() || issue.getIssueType() == null
              || issueType.get().equals(issue.getIssueType()))
          .forEach(issue -> byIid.putIfAbsent(issue.getIid(), issue)));
      Map<String, List<String>> inputs = Map.of(inputKey(), byIid.keySet().stream().map(iid -> project + "#" + iid).toList(),
          "labels", labels);
      if (byIid.isEmpty()) {
        return CheckResult.pass(name(), "No open " + finding + " in " + project + " carries any of " + labels + ".")
            .withInputs(inputs);
      }
      return new CheckResult(name(), Verdict.FAIL,
          byIid.values().stream().map(this::describe).toList(),
          byIid.values().stream().map(Issue::getWebUrl).filter(url -> url != null && !url.isBlank()).toList(), inputs);
    });
  }

  /** The key under which the result records the issues it found, e.g. {@code incidents}. */
  abstract String inputKey();

  private String describe(Issue issue) {
    List<String> matching = issue.getLabels() == null ? List.of()
        : issue.getLabels().stream().filter(labels::contains).toList();
    return "Open " + finding + " #" + issue.getIid() + " \"" + issue.getTitle() + "\" (" + String.join(", ", matching)
        + ").";
  }
}
