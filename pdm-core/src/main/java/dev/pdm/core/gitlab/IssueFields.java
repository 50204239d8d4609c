package dev.pdm.core.gitlab;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a new issue says.
 *
 * @param title       the title
 * @param description the markdown description
 * @param labels      labels to set
 * @param issueType   {@code issue} or {@code incident}, if not the default
 * @param confidential whether only project members may see it
 */
public record IssueFields(String title, String description, List<String> labels, Optional<String> issueType,
                          boolean confidential) {

  /** Copies the labels. */
  public IssueFields {
    labels = List.copyOf(labels);
  }

  Map<String, Object> toBody() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("title", title);
    body.put("description", description);
    if (!labels.isEmpty()) {
      body.put("labels", String.join(",", labels));
    }
    issueType.ifPresent(type -> body.put("issue_type", type));
    body.put("confidential", confidential);
    return body;
  }
}
