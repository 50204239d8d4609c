package dev.pdm.sandbox.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A linear repository history (the default branch), shared by a project and its mirrors. */
public final class Repository {

  private final List<Commit> commits = new ArrayList<>();

  void append(Commit commit) {
    commits.add(commit);
  }

  /** Commits, oldest first. */
  public List<Commit> commits() {
    return List.copyOf(commits);
  }

  /** The newest commit, if any. */
  public Optional<Commit> head() {
    return commits.isEmpty() ? Optional.empty() : Optional.of(commits.get(commits.size() - 1));
  }

  /** The commit whose SHA is, or starts with (at least 7 characters), {@code sha}. */
  public Optional<Commit> commit(String sha) {
    if (sha == null || sha.length() < 7) {
      return Optional.empty();
    }
    return commits.stream().filter(c -> c.sha().startsWith(sha)).findFirst();
  }

  /** A ref: the default branch or HEAD name the newest commit, anything else a SHA. */
  public Optional<Commit> resolve(String ref, String defaultBranch) {
    return ref.equals(defaultBranch) || ref.equals("HEAD") ? head() : commit(ref);
  }

  /** Files present at a commit: everything added up to and including it. */
  public Map<String, RepoFile> filesAt(Commit commit) {
    Map<String, RepoFile> files = new LinkedHashMap<>();
    for (Commit c : commits) {
      c.added().forEach(f -> files.put(f.path(), f));
      if (c.sha().equals(commit.sha())) {
        break;
      }
    }
    return files;
  }

  /** Commits after {@code from} up to and including {@code to}, oldest first. */
  public List<Commit> between(Commit from, Commit to) {
    int start = commits.indexOf(from);
    int end = commits.indexOf(to);
    return start >= end ? List.of() : List.copyOf(commits.subList(start + 1, end + 1));
  }

  /** Commits that added {@code path}, newest first, up to {@code ref}'s commit. */
  public List<Commit> touching(String path, Commit upTo) {
    List<Commit> found = new ArrayList<>();
    for (Commit c : commits) {
      if (c.added().stream().anyMatch(f -> f.path().equals(path))) {
        found.add(0, c);
      }
      if (c.sha().equals(upTo.sha())) {
        break;
      }
    }
    return found;
  }
}
