package dev.pdm.sandbox.state;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A commit on a linear history; {@code added} are the files it adds. */
public record Commit(String sha, String title, String message, User author, Instant at,
    List<RepoFile> added, Optional<String> parentSha) {

  /** The 8-character short id GitLab shows. */
  public String shortId() {
    return sha.substring(0, 8);
  }
}
