package dev.pdm.server.orchestrator;

import dev.pdm.core.gitlab.GitLabClient;
import io.vertx.core.Future;
import java.util.Optional;
import org.gitlab4j.api.models.Deployment;
import org.gitlab4j.models.Constants.DeploymentStatus;

/**
 * The deployments pdm keeps on {@code db/<env>} in the canonical project, found by environment, status and SHA: what
 * makes creating one safe to do again after a crash (the one created before is found first).
 */
final class DbDeployments {
  private final GitLabClient gitLab;

  DbDeployments(GitLabClient gitLab) {
    this.gitLab = gitLab;
  }

  /** The newest deployment on {@code environment} in {@code status} at {@code sha}. */
  Future<Optional<Deployment>> find(String project, String environment, DeploymentStatus status, String sha) {
    return gitLab.deployments(project, Optional.of(environment), Optional.of(status), "id", "desc")
        .first(d -> sha.equals(d.getSha()));
  }
}
