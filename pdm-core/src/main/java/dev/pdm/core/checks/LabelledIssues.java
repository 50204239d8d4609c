package dev.pdm.core.checks;

import dev.pdm.core.gitlab.GitLabClient;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gitlab4j.api.models.Issue;

/** The open issues of a project carrying any of some labels, one GitLab query per label, without duplicates. */
final class LabelledIssues {

  private LabelledIssues() {
  }

  static Future<List<Issue>> open(GitLabClient gitLab, String project, Optional<String> issueType, List<String> labels) {
    List<Future<List<Issue>>> perLabel = labels.stream()
        .map(label -> gitLab.issues(project, "opened", issueType, List.of(label)).all())
        .toList();
    return Future.all(perLabel).map(done -> {
      Map<Long, Issue> byIid = new LinkedHashMap<>();
      perLabel.forEach(found -> found.result().stream()
          .filter(issue -> issueType.isEmpty() || issue.getIssueType() == null
              || issueType.get().equals(issue.getIssueType()))
          .forEach(issue -> byIid.putIfAbsent(issue.getIid(), issue)));
      return new ArrayList<>(byIid.values());
    });
  }

  /** {@code #12 "title" (label, label)}: one finding for a reason list. */
  static String describe(Issue issue, List<String> labelsOfInterest) {
    List<String> matching = issue.getLabels() == null ? List.of()
        : issue.getLabels().stream().filter(labelsOfInterest::contains).toList();
    return "#" + issue.getIid() + " \"" + issue.getTitle() + "\" (" + String.join(", ", matching) + ")";
  }

  static List<String> links(List<Issue> issues) {
    return issues.stream().map(Issue::getWebUrl).filter(url -> url != null && !url.isBlank()).toList();
  }
}
