package dev.pdm.core.pending;

import dev.pdm.core.gitlab.GitLabClient;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/** Snapshots what runs on each environment (last successful deployment's ref, SHA and time) in each project. */
public final class PackageTracker {

  private final GitLabClient gitLab;
  private final Clock clock;

  /** A tracker stamping snapshots with {@code clock}. */
  public PackageTracker(GitLabClient gitLab, Clock clock) {
    this.gitLab = gitLab;
    this.clock = clock;
  }

  /** The packages on {@code environments} of {@code projects} (e.g. canonical and security); never fails. */
  public Future<PackageSnapshot> snapshot(List<String> projects, List<String> environments) {
    Instant takenAt = clock.instant();
    List<Future<DeployedPackage>> lookups = projects.stream()
        .flatMap(project -> environments.stream().map(environment -> deployedOn(project, environment)))
        .toList();
    return Future.join(lookups).transform(done ->
        Future.succeededFuture(new PackageSnapshot(takenAt, lookups.stream().map(Future::result).toList())));
  }

  private Future<DeployedPackage> deployedOn(String project, String environment) {
    return gitLab.lastSuccessfulDeployment(project, environment).transform(found -> {
      if (found.failed()) {
        return Future.succeededFuture(DeployedPackage.unknown(project, environment,
            "could not ask GitLab: " + found.cause().getMessage()));
      }
      return Future.succeededFuture(found.result()
          .map(d -> new DeployedPackage(project, environment, Optional.of(d.getId()), Optional.ofNullable(d.getRef()),
              Optional.ofNullable(d.getSha()), Optional.ofNullable(d.getCreatedAt()).map(Date::toInstant),
              Optional.empty()))
          .orElseGet(() -> DeployedPackage.unknown(project, environment,
              "no successful deployment on " + environment + " in " + project)));
    });
  }
}
