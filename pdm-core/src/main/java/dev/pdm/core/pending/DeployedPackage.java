package dev.pdm.core.pending;

import java.time.Instant;
import java.util.Optional;

/**
 * What runs on an environment of a project: its last successful deployment, or why that is not known.
 *
 * @param project      the project (canonical or security)
 * @param environment  the environment, e.g. {@code gprd}
 * @param deploymentId the deployment's id
 * @param ref          the deployed ref (the auto-deploy package, e.g. {@code 17-5-auto-deploy-2026112410})
 * @param sha          the deployed commit
 * @param deployedAt   when the deployment was created
 * @param problem      why nothing could be said (no deployment yet, GitLab unreachable); empty when known
 */
public record DeployedPackage(String project, String environment, Optional<Long> deploymentId, Optional<String> ref,
                              Optional<String> sha, Optional<Instant> deployedAt, Optional<String> problem) {

  static DeployedPackage unknown(String project, String environment, String problem) {
    return new DeployedPackage(project, environment, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.of(problem));
  }
}
