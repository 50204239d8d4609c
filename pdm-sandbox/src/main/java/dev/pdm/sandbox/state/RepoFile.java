package dev.pdm.sandbox.state;

import java.util.List;

/** A file added to a repository; post-migrate files carry their migration's operations. */
public record RepoFile(String path, String content, List<Operation> operations) {

  /** A migration method call and its simulated duration. */
  public record Operation(String call, double seconds) {
  }
}
