package dev.pdm.server.orchestrator;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.pending.PackageTracker;
import dev.pdm.core.pending.PendingMigrations;
import dev.pdm.core.pending.PendingReport;
import dev.pdm.core.run.DeployedPackage;
import dev.pdm.core.run.DeploymentProject;
import dev.pdm.core.run.PackageSnapshot;
import dev.pdm.core.run.RunEvent;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a run starts from, read from GitLab when it is requested: the package running on each environment in the
 * canonical and security projects (the SHAs it will record), and the migrations pending on each.
 */
public final class RunPreparer {
  private final GitLabClient gitLab;
  private final PlanLayout plan;
  private final Clock clock;

  public RunPreparer(GitLabClient gitLab, PlanLayout plan, Clock clock) {
    this.gitLab = gitLab;
    this.plan = plan;
    this.clock = clock;
  }

  /** The request to give the state machine, and the pending migrations per environment. */
  public record Prepared(RunEvent.RunRequested request, Map<String, PendingReport> pending) {
  }

  public Future<Prepared> prepare(String actor) {
    PdmConfig config = plan.config();
    List<PdmConfig.Environment> environments = plan.migratedEnvironments();
    List<String> gitLabEnvironments = environments.stream().map(PdmConfig.Environment::gitlabEnvironment).toList();
    Future<dev.pdm.core.pending.PackageSnapshot> packages = new PackageTracker(gitLab, clock)
        .snapshot(List.of(config.projects().canonical(), config.projects().security()), gitLabEnvironments);
    PendingMigrations pendingMigrations = new PendingMigrations(gitLab, config.projects().canonical());
    Map<String, Future<PendingReport>> pending = new HashMap<>();
    environments.forEach(e -> pending.put(e.name(),
        pendingMigrations.forEnvironment(e.gitlabEnvironment(), e.dbEnvironment(), e.baselineSha())));
    List<Future<?>> all = new ArrayList<>(pending.values());
    all.add(packages);
    return Future.join(all).transform(done -> {
      if (packages.failed()) {
        return Future.failedFuture(packages.cause());
      }
      Map<String, PendingReport> reports = new HashMap<>();
      pending.forEach((env, report) -> {
        if (report.succeeded()) {
          reports.put(env, report.result());
        }
      });
      RunEvent.RunRequested request = new RunEvent.RunRequested(UUID.randomUUID().toString(), plan.runPlan(), actor,
          snapshot(packages.result(), environments), clock.instant());
      return Future.succeededFuture(new Prepared(request, reports));
    });
  }

  private PackageSnapshot snapshot(dev.pdm.core.pending.PackageSnapshot tracked,
      List<PdmConfig.Environment> environments) {
    PdmConfig.Projects projects = plan.config().projects();
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
  }
}
