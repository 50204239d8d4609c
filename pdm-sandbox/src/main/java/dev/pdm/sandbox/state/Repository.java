package dev.pdm.sandbox.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A repository shared by a project and its mirrors: the default branch as a linear history,
 * and branch heads not merged yet (each one commit on top of a default-branch commit), which a
 * merge appends to the default branch followed by a merge commit.
 */
public final class Repository {

  private final List<Commit> commits = new ArrayList<>();
  private final Map<String, Commit> branches = new ConcurrentHashMap<>();

  synchronized void append(Commit commit) {
    commits.add(commit);
  }

  synchronized void addBranch(String name, Commit head) {
    branches.put(name, head);
  }

  /** Moves a branch's head onto the default branch, followed by {@code mergeCommit}. */
  synchronized void merge(String branch, Commit mergeCommit) {
    Commit head = branches.remove(branch);
    if (head != null) {
      commits.add(head);
    }
    commits.add(mergeCommit);
  }

  /** Default-branch commits, oldest first. */
  public synchronized List<Commit> commits() {
    return List.copyOf(commits);
  }

  /** The newest default-branch commit, if any. */
  public synchronized Optional<Commit> head() {
    return commits.isEmpty() ? Optional.empty() : Optional.of(commits.get(commits.size() - 1));
  }

  /** Whether a commit is on the default branch (not only on an unmerged branch). */
  public synchronized boolean onDefaultBranch(Commit commit) {
    return commits.contains(commit);
  }

  /**
   * The commit whose SHA is, or starts with (at least 7 characters), {@code sha}: on the
   * default branch or at the head of an unmerged branch.
   */
  public synchronized Optional<Commit> commit(String sha) {
    if (sha == null || sha.length() < 7) {
      return Optional.empty();
    }
    return commits.stream().filter(c -> c.sha().startsWith(sha)).findFirst()
        .or(() -> branches.values().stream().filter(c -> c.sha().startsWith(sha)).findFirst());
  }

  /** A ref: the default branch or HEAD name the newest commit, a branch its head, else a SHA. */
  public Optional<Commit> resolve(String ref, String defaultBranch) {
    if (ref.equals(defaultBranch) || ref.equals("HEAD")) {
      return head();
    }
    return Optional.ofNullable(branches.get(ref)).or(() -> commit(ref));
  }

  /** Files present at a commit: everything added or changed up to and including it. */
  public synchronized Map<String, RepoFile> filesAt(Commit commit) {
    Map<String, RepoFile> files = new LinkedHashMap<>();
    if (!commits.contains(commit)) {
      commit.firstParent().flatMap(this::commit).ifPresent(p -> files.putAll(filesAt(p)));
      commit.files().forEach(f -> files.put(f.path(), f));
      return files;
    }
    for (Commit c : commits) {
      c.files().forEach(f -> files.put(f.path(), f));
      if (c.sha().equals(commit.sha())) {
        break;
      }
    }
    return files;
  }

  /** Commits after {@code from} up to and including {@code to}, oldest first. */
  public synchronized List<Commit> between(Commit from, Commit to) {
    if (!commits.contains(to)) {
      List<Commit> upToParent = to.firstParent().flatMap(this::commit)
          .map(p -> between(from, p)).orElse(List.of());
      List<Commit> all = new ArrayList<>(upToParent);
      if (!from.equals(to)) {
        all.add(to);
      }
      return all;
    }
    int start = commits.indexOf(from);
    int end = commits.indexOf(to);
    return start < 0 || start >= end ? List.of() : List.copyOf(commits.subList(start + 1, end + 1));
  }

  /** Commits that added or changed {@code path}, newest first, up to {@code upTo}. */
  public synchronized List<Commit> touching(String path, Commit upTo) {
    return history(upTo).stream()
        .filter(c -> c.files().stream().anyMatch(f -> f.path().equals(path))).toList();
  }

  /** {@code upTo} and the commits before it, newest first. */
  public synchronized List<Commit> history(Commit upTo) {
    List<Commit> found = new ArrayList<>();
    if (!commits.contains(upTo)) {
      found.add(upTo);
      upTo.firstParent().flatMap(this::commit).ifPresent(p -> found.addAll(history(p)));
      return found;
    }
    for (Commit c : commits) {
      found.add(0, c);
      if (c.sha().equals(upTo.sha())) {
        break;
      }
    }
    return found;
  }
}
