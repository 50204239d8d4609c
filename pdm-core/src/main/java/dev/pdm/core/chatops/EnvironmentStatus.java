package dev.pdm.core.chatops;

import dev.pdm.core.checks.ChecksReport;
import dev.pdm.core.pending.DeployedPackage;
import dev.pdm.core.pending.PendingReport;
import java.util.List;
import java.util.Optional;

/**
 * What pdm knows of one environment now (the overview's row): packages running there, pending migrations and the
 * production checks, each with the error that kept pdm from knowing it.
 */
public record EnvironmentStatus(String name, List<DeployedPackage> packages, Optional<PendingReport> pending,
    Optional<String> pendingError, Optional<ChecksReport> checks, Optional<String> checksError) {

  public EnvironmentStatus {
    packages = List.copyOf(packages);
  }

  /** Why a run may not proceed on this environment; empty when its checks pass (or are overridden). */
  public Optional<String> blockedBecause() {
    if (checksError.isPresent()) {
      return Optional.of(name + ": the checks could not run (" + checksError.get() + ")");
    }
    if (checks.isEmpty() || checks.get().mayProceed()) {
      return Optional.empty();
    }
    List<String> failing = checks.get().results().stream().filter(c -> !c.passed())
        .map(c -> c.check() + " " + c.verdict().name().toLowerCase(java.util.Locale.ROOT) + ": "
            + String.join(" ", c.reasons())).toList();
    return Optional.of(name + ": " + (failing.isEmpty() ? "the checks do not pass" : String.join("; ", failing)));
  }
}
