package dev.pdm.core.gitlab;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Changes to an existing issue; absent fields are left as they are.
 *
 * @param title        a new title
 * @param description  a new description
 * @param addLabels    labels to add
 * @param removeLabels labels to remove
 * @param stateEvent   {@code close} or {@code reopen}
 */
public record IssueChanges(Optional<String> title, Optional<String> description, List<String> addLabels,
                           List<String> removeLabels, Optional<String> stateEvent) {

  /** Copies the label lists. */
  public IssueChanges {
    addLabels = List.copyOf(addLabels);
    removeLabels = List.copyOf(removeLabels);
  }

  Map<String, Object> toBody() {
    Map<String, Object> body = new LinkedHashMap<>();
    title.ifPresent(value -> body.put("title", value));
    description.ifPresent(value -> body.put("description", value));
    if (!addLabels.isEmpty()) {
      body.put("add_labels", String.join(",", addLabels));
    }
    if (!removeLabels.isEmpty()) {
      body.put("remove_labels", String.join(",", removeLabels));
    }
    stateEvent.ifPresent(value -> body.put("state_event", value));
    return body;
  }
}
