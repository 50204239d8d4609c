package dev.pdm.core.executed;

import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.gitlab.GitLabException;
import io.vertx.core.Future;

/**
 * Whether a commit is part of what was deployed: the one answer "Was it executed?" and the incident workflow (has the
 * fix reached the package running on an environment?) both rely on.
 */
public final class CommitContainment {
  private final GitLabClient gitLab;
  private final String project;

  /** Answers for commits of {@code project}. */
  public CommitContainment(GitLabClient gitLab, String project) {
    this.gitLab = gitLab;
    this.project = project;
  }

  /**
   * Whether {@code sha} is an ancestor of (or is) {@code deployed}: their merge base is {@code sha}. Where merge_base is
   * not served (404), compare from the deployment to the commit, which GitLab computes from their merge base, has no
   * commits exactly when the commit is contained.
   */
  public Future<Boolean> contains(String deployed, String sha) {
    return gitLab.mergeBase(project, sha, deployed)
        .map(base -> base.getId() != null && base.getId().toLowerCase().startsWith(sha.toLowerCase()))
        .recover(failure -> GitLabException.isNotFound(failure)
            ? gitLab.compare(project, deployed, sha).map(c -> c.getCommits() == null || c.getCommits().isEmpty())
            : Future.failedFuture(failure));
  }
}
