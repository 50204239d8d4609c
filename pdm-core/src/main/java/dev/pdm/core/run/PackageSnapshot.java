package dev.pdm.core.run;

import java.util.List;
import java.util.Optional;

/** Which package ran where, in the canonical and security projects, when the run started; taken by the server. */
public record PackageSnapshot(List<DeployedPackage> packages) {

  public PackageSnapshot {
    packages = List.copyOf(packages);
  }

  /** The package running on {@code environment} in {@code project}, if the snapshot saw one. */
  public Optional<DeployedPackage> find(String environment, DeploymentProject project) {
    return packages.stream().filter(p -> p.environment().equals(environment) && p.project() == project).findFirst();
  }
}
