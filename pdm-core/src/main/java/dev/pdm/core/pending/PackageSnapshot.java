package dev.pdm.core.pending;

import java.time.Instant;
import java.util.List;

/**
 * Which package ran on each environment of each project at one moment (taken when a run starts).
 *
 * @param takenAt  when the snapshot was taken
 * @param packages one entry per project and environment, in the order asked
 */
public record PackageSnapshot(Instant takenAt, List<DeployedPackage> packages) {

  /** Copies the list. */
  public PackageSnapshot {
    packages = List.copyOf(packages);
  }
}
