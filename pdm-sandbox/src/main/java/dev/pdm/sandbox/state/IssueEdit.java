package dev.pdm.sandbox.state;

import java.util.List;
import java.util.Optional;

/**
 * What one API call changes on an issue; absent fields are left as they are. {@code labels}
 * replaces the labels, then {@code addLabels} and {@code removeLabels} apply; {@code stateEvent}
 * is close or reopen.
 */
public record IssueEdit(Optional<String> title, Optional<String> description,
    Optional<String> stateEvent, Optional<List<String>> labels, List<String> addLabels,
    List<String> removeLabels, Optional<Boolean> confidential) {

  public IssueEdit {
    addLabels = List.copyOf(addLabels);
    removeLabels = List.copyOf(removeLabels);
  }
}
