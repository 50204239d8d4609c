package dev.pdm.server.orchestrator;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.pending.PackageTracker;
import dev.pdm.core.run.DeployedPackage;
import dev.pdm.core.run.DeploymentProject;
import dev.pdm.core.run.PackageSnapshot;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Which auto-deploy package runs on which environments, in the canonical and security projects, read from GitLab's
 * deployments and shaped as a run records it (by pdm's environment names): what a stage migrates and records.
 */
final class RunningPackages {
  private final GitLabClient gitLab;
  private final PlanLayout plan;
  private final Clock clock;

  RunningPackages(GitLabClient gitLab, PlanLayout plan, Clock clock) {
    this.gitLab = gitLab;
    this.plan = plan;
    this.clock = clock;
  }

  Future<PackageSnapshot> on(List<PdmConfig.Environment> environments) {
    PdmConfig.Projects projects = plan.config().projects();
    return new PackageTracker(gitLab, clock)
        .snapshot(List.of(projects.canonical(), projects.security()),
            environments.stream().map(PdmConfig.Environment::gitlabEnvironment).toList())
        .map(tracked -> {
          List<DeployedPackage> packages = new ArrayList<>();
          for (dev.pdm.core.pending.DeployedPackage p : tracked.packages()) {
            if (p.sha().isEmpty()) {
              continue;
            }
            DeploymentProject project = p.project().equals(projects.canonical()) ? DeploymentProject.CANONICAL
                : DeploymentProject.SECURITY;
            environments.stream().filter(e -> e.gitlabEnvironment().equals(p.environment())).findFirst()
                .ifPresent(e -> packages.add(new DeployedPackage(e.name(), project, p.ref().orElse(p.sha().get()),
                    p.sha().get())));
          }
          return new PackageSnapshot(packages);
        });
  }
}
