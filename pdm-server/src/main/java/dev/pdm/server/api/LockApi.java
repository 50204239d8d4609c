package dev.pdm.server.api;

import dev.pdm.core.run.Attempt;
import dev.pdm.core.run.FollowedPipeline;
import dev.pdm.core.run.Run;
import dev.pdm.core.run.Stage;
import dev.pdm.core.run.StageKind;
import dev.pdm.core.run.StageStatus;
import dev.pdm.server.orchestrator.Orchestrator;
import dev.pdm.server.orchestrator.PlanLayout;
import dev.pdm.server.store.RunStore;
import dev.pdm.server.store.StoredRun;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /api/v1/lock?environment=E}: whether a post-deploy migration is running on E, for deploy pipelines to call
 * before they deploy. A migrate stage holds the lock from its trigger until its pipeline has ended.
 */
public final class LockApi {
  /** Stage statuses in which a migration is about to run, may be running, or runs. */
  private static final Set<StageStatus> HOLDING = EnumSet.of(StageStatus.TRIGGERING, StageStatus.TRIGGER_UNCERTAIN,
      StageStatus.RUNNING);
  private final RunStore store;
  private final PlanLayout plan;

  public LockApi(RunStore store, PlanLayout plan) {
    this.store = store;
    this.plan = plan;
  }

  public void mount(Router router) {
    router.get("/api/v1/lock").handler(this::lock);
  }

  private void lock(RoutingContext ctx) {
    String environment = ctx.request().getParam("environment");
    Optional<String> problem = EnvironmentParam.problem(environment, plan.config());
    if (problem.isPresent()) {
      ApiReplies.invalid(ctx, List.of(problem.get()));
      return;
    }
    store.active().onSuccess(runs -> {
      JsonObject answer = new JsonObject().put("environment", environment).put("locked", false);
      for (StoredRun stored : runs) {
        Run run = Orchestrator.Loaded.of(stored).record().run();
        run.stages().stream()
            .filter(s -> s.spec().kind() == StageKind.MIGRATE && s.spec().environment().equals(environment)
                && HOLDING.contains(s.status()))
            .findFirst()
            .ifPresent(stage -> held(answer, stored, stage));
      }
      if (!answer.getBoolean("locked")) {
        answer.put("reason", "no post-deploy migration is running or about to run on " + environment);
      }
      ApiReplies.json(ctx, 200, answer);
    }).onFailure(err -> ApiReplies.failed(ctx, err));
  }

  private void held(JsonObject answer, StoredRun run, Stage stage) {
    Optional<FollowedPipeline> pipeline = stage.currentAttempt().flatMap(Attempt::pipeline);
    answer.put("locked", true).put("run_id", run.id().toString()).put("stage_id", stage.id())
        .put("stage_status", stage.status().name())
        .put("since", stage.startedAt().map(Object::toString).orElse(null))
        .put("pipeline_url", pipeline.map(FollowedPipeline::webUrl).orElse(null))
        .put("db_environment", plan.environment(stage.spec().environment()).dbEnvironment())
        .put("reason", "run " + run.id() + " stage " + stage.id() + " is " + stage.status()
            + ": a post-deploy migration is " + (stage.status() == StageStatus.RUNNING ? "running" : "about to run")
            + "; deploy after it ends");
  }
}
