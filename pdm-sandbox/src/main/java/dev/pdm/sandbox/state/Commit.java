package dev.pdm.sandbox.state;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A commit; {@code files} are the files it adds or changes, {@code parentIds} its parents. */
public record Commit(String sha, String title, String message, User author, Instant at,
    List<RepoFile> files, List<String> parentIds) {

  public Commit {
    files = List.copyOf(files);
    parentIds = List.copyOf(parentIds);
  }

  /** The 8-character short id GitLab shows. */
  public String shortId() {
    return sha.substring(0, 8);
  }

  /** The first parent (the branch it was made on), if any. */
  public Optional<String> firstParent() {
    return parentIds.isEmpty() ? Optional.empty() : Optional.of(parentIds.get(0));
  }
}
