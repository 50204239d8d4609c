package dev.pdm.server.api;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.gitlab.GitLabException;
import dev.pdm.core.pending.RollbackCheck;
import dev.pdm.server.orchestrator.MigratedByRuns;
import dev.pdm.server.orchestrator.PlanLayout;
import dev.pdm.server.orchestrator.RunJson;
import dev.pdm.server.store.MigrationDurations;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/v1/rollback-check?environment=E&to=<package ref|sha>}: whether rolling E back to a package keeps
 * every post-deploy migration that ran there in the code, with the migrations that make it unsafe, for that package
 * and for the packages recently deployed on E.
 */
public final class RollbackApi {
  private final RollbackCheck check;
  private final PlanLayout plan;
  private final MigratedByRuns runs;
  private final MigrationDurations durations;
  private final GitLabReadLimit reads;

  public RollbackApi(GitLabClient gitLab, PlanLayout plan, MigratedByRuns runs, MigrationDurations durations,
      GitLabReadLimit reads) {
    this.check = new RollbackCheck(gitLab, plan.config().projects().canonical());
    this.plan = plan;
    this.runs = runs;
    this.durations = durations;
    this.reads = reads;
  }

  public void mount(Router router) {
    // Every check reads the package's code from GitLab: limited per caller like the other on-demand reads.
    router.get("/api/v1/rollback-check").handler(reads.always()).handler(this::rollbackCheck);
  }

  private void rollbackCheck(RoutingContext ctx) {
    String environment = ctx.request().getParam("environment");
    String to = ctx.request().getParam("to");
    List<String> problems = new ArrayList<>(EnvironmentParam.problem(environment, plan.config()).stream().toList());
    if (to == null || to.isBlank()) {
      problems.add("to: expected the package ref (e.g. 17-6-auto-deploy-2024110808) or commit SHA to roll back to (got nothing)");
    }
    if (!problems.isEmpty()) {
      ApiReplies.invalid(ctx, problems);
      return;
    }
    PdmConfig.Environment env = plan.environment(environment);
    runs.on(environment).compose(ranFrom -> durations.firstRan(environment)
            .compose(times -> check.check(env.gitlabEnvironment(), env.dbEnvironment(), to, ranFrom, times)))
        .onSuccess(report -> ApiReplies.json(ctx, 200, RunJson.toJson(report).put("environment", environment)))
        .onFailure(err -> {
          if (err instanceof RollbackCheck.UnknownPackageException unknown) {
            ApiReplies.invalid(ctx, List.of(unknown.getMessage()));
          } else if (GitLabException.isNotFound(err)) {
            ApiReplies.invalid(ctx, List.of("to: expected a package or commit of " + plan.config().projects().canonical()
                + " (got " + to + ", which GitLab does not know)"));
          } else {
            ApiReplies.error(ctx, 502, "could not read GitLab to check the rollback: " + err.getMessage());
          }
        });
  }
}
