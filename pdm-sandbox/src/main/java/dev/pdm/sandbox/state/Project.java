package dev.pdm.sandbox.state;

import java.time.Instant;

/** A project; mirrors share their source's repository. */
public record Project(long id, String path, String name, String description, String defaultBranch,
    String role, Repository repository, Instant createdAt) {

  /** The namespace part of the path (everything before the last slash). */
  public String namespacePath() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(0, slash);
  }

  /** The last path segment. */
  public String slug() {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
