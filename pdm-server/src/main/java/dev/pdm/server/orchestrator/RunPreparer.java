package dev.pdm.server.orchestrator;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.pending.PendingMigrations;
import dev.pdm.core.pending.PendingReport;
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
 * canonical and security projects, and the migrations pending on each. Any of it that cannot be read fails the
 * request.
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
    Future<PackageSnapshot> packages = new RunningPackages(gitLab, plan, clock).on(environments);
    PendingMigrations pendingMigrations = new PendingMigrations(gitLab, config.projects().canonical());
    Map<String, Future<PendingReport>> pending = new HashMap<>();
    environments.forEach(e -> pending.put(e.name(),
        pendingMigrations.forEnvironment(e.gitlabEnvironment(), e.dbEnvironment(), e.baselineSha())));
    List<Future<?>> all = new ArrayList<>(pending.values());
    all.add(packages);
    // A run starts only from a complete picture: a pending report that cannot be read would make its labels and
    // announcements say "nothing ran".
    return Future.all(all).map(done -> {
      Map<String, PendingReport> reports = new HashMap<>();
      pending.forEach((env, report) -> reports.put(env, report.result()));
      RunEvent.RunRequested request = new RunEvent.RunRequested(UUID.randomUUID().toString(), plan.runPlan(), actor,
          packages.result(), clock.instant());
      return new Prepared(request, reports);
    });
  }
}
