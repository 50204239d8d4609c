package dev.pdm.core.run;

import java.util.Objects;

/**
 * The auto-deploy package running on an environment in one project when the run started.
 *
 * @param environment e.g. {@code gprd}
 * @param project     canonical or security
 * @param ref         the package ref, e.g. {@code 16.2.202307011200-abc123def45.ghi678jkl90}
 * @param sha         the commit deployed, which is the SHA the migration stage records as migrated
 */
public record DeployedPackage(String environment, DeploymentProject project, String ref, String sha) {

  public DeployedPackage {
    Objects.requireNonNull(environment, "package environment");
    Objects.requireNonNull(project, "package project");
    Objects.requireNonNull(ref, "package ref");
    Objects.requireNonNull(sha, "package sha");
  }
}
