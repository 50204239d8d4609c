package dev.pdm.sandbox;

import dev.pdm.sandbox.scenario.ScenarioException;
import dev.pdm.sandbox.scenario.ScenarioFaults;
import dev.pdm.sandbox.scenario.ScenarioLoader;
import dev.pdm.sandbox.state.GitLabState;
import dev.pdm.sandbox.state.Project;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;

/**
 * Test-only control under {@code /-/sandbox/} (a path GitLab does not use): reset, load a
 * scenario, drive the clock, read webhook deliveries, chat messages and state, arm faults.
 * No token is required: bind the sandbox to a loopback address.
 */
final class SandboxIntrospection {
  static final String ROOT = "/-/sandbox";

  private final GitLabSandbox sandbox;
  private final ScenarioLoader loader = new ScenarioLoader();

  SandboxIntrospection(GitLabSandbox sandbox) {
    this.sandbox = sandbox;
  }

  void register(Router router) {
    router.get(ROOT + "/scenarios").handler(ctx -> json(ctx, 200, new JsonObject()
        .put("loaded", sandbox.scenario()).put("built_in", new JsonArray(ScenarioLoader.BUILT_IN))));
    router.post(ROOT + "/reset").handler(ctx -> done(ctx, sandbox.reset()));
    router.post(ROOT + "/scenario").handler(ctx -> {
      String name = bodyField(ctx, "scenario").orElse(ctx.queryParams().get("scenario"));
      if (name == null || name.isBlank()) {
        json(ctx, 400, error("field 'scenario' is missing; expected a built-in scenario name "
            + ScenarioLoader.BUILT_IN + " or a file path"));
        return;
      }
      done(ctx, sandbox.load(name));
    });
    router.get(ROOT + "/clock").handler(ctx -> json(ctx, 200, clock()));
    router.post(ROOT + "/clock/advance").handler(this::advance);
    router.post(ROOT + "/clock/run-until-idle").handler(ctx -> done(ctx,
        sandbox.clock().runUntilIdle()));
    router.get(ROOT + "/webhooks").handler(ctx -> json(ctx, 200, new JsonArray(
        sandbox.webhookDeliveries().stream().map(d -> d.toJson()).toList())));
    router.get(ROOT + "/chat").handler(ctx -> json(ctx, 200, sandbox.chat().toJson()));
    router.delete(ROOT + "/chat").handler(ctx -> {
      sandbox.chat().clear();
      ctx.response().setStatusCode(204).end();
    });
    router.get(ROOT + "/faults").handler(ctx -> json(ctx, 200,
        new JsonObject(loader.toJson(sandbox.faults().armed()))));
    router.post(ROOT + "/faults").handler(this::armFaults);
    router.delete(ROOT + "/faults").handler(ctx -> {
      sandbox.faults().clear();
      ctx.response().setStatusCode(204).end();
    });
    router.get(ROOT + "/state").handler(ctx -> json(ctx, 200, state(sandbox.state())));
  }

  private void advance(RoutingContext ctx) {
    Optional<String> seconds = bodyField(ctx, "seconds")
        .or(() -> Optional.ofNullable(ctx.queryParams().get("seconds")));
    try {
      double value = Double.parseDouble(seconds.orElseThrow());
      if (value < 0) {
        throw new NumberFormatException();
      }
      done(ctx, sandbox.clock().advance(Duration.ofMillis(Math.round(value * 1000))));
    } catch (RuntimeException e) {
      json(ctx, 400, error("field 'seconds' is " + seconds.orElse("missing")
          + "; expected a non-negative number of seconds"));
    }
  }

  private void armFaults(RoutingContext ctx) {
    try {
      ScenarioFaults faults = loader.faults(ctx.body().asString());
      sandbox.faults().arm(faults);
      json(ctx, 201, new JsonObject(loader.toJson(sandbox.faults().armed())));
    } catch (ScenarioException e) {
      json(ctx, 400, error(e.getMessage()));
    }
  }

  private JsonObject clock() {
    SandboxClock clock = sandbox.clock();
    return new JsonObject().put("now", clock.now().toString()).put("manual", clock.manual())
        .put("speed", clock.speed()).put("pending_tasks", clock.pendingTasks());
  }

  private static JsonObject state(GitLabState state) {
    JsonObject migrations = new JsonObject();
    state.trackedEnvironments().stream().sorted().forEach(env -> migrations.put(env,
        new JsonArray(state.schemaMigrations(env).stream().sorted().toList())));
    return new JsonObject().put("scenario", state.scenarioName())
        .put("description", state.scenarioDescription()).put("now", state.now().toString())
        .put("schema_migrations", migrations)
        .put("projects", new JsonArray(state.projects().stream().map(p -> project(state, p))
            .toList()));
  }

  private static JsonObject project(GitLabState state, Project p) {
    return new JsonObject().put("id", p.id()).put("path", p.path()).put("role", p.role())
        .put("pipelines", new JsonArray(state.pipelines(p).stream().map(pl -> new JsonObject()
            .put("id", pl.id).put("ref", pl.ref).put("status", pl.status())
            .put("variables", new JsonObject(pl.variables.stream().collect(
                java.util.stream.Collectors.toMap(v -> v.key(), v -> (Object) v.value(),
                    (a, b) -> b))))
            .put("jobs", new JsonArray(pl.latestJobs().stream().map(j -> new JsonObject()
                .put("id", j.id).put("name", j.name).put("stage", j.stage)
                .put("status", j.status())).toList()))).toList()))
        .put("deployments", new JsonArray(state.deployments(p).stream().map(d -> new JsonObject()
            .put("id", d.id).put("environment", d.environment.name()).put("sha", d.sha)
            .put("ref", d.ref).put("status", d.status())).toList()))
        .put("merge_requests", new JsonArray(state.mergeRequests(p).stream().map(m ->
            new JsonObject().put("iid", m.iid).put("title", m.title)
                .put("labels", new JsonArray(m.labels()))).toList()))
        .put("issues", new JsonArray(state.issues(p).stream().map(i -> new JsonObject()
            .put("iid", i.iid).put("title", i.title()).put("issue_type", i.issueType)
            .put("state", i.state()).put("labels", new JsonArray(i.labels()))
            .put("notes", new JsonArray(i.notes().stream().map(n -> n.body()).toList())))
            .toList()));
  }

  private static Optional<String> bodyField(RoutingContext ctx, String field) {
    try {
      return Optional.ofNullable(ctx.body().asJsonObject()).map(b -> b.getValue(field))
          .map(String::valueOf);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static void done(RoutingContext ctx, Future<Void> action) {
    action.onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(e -> json(ctx, 400, error(e.getMessage())));
  }

  private static JsonObject error(String message) {
    return new JsonObject().put("message", message);
  }

  private static void json(RoutingContext ctx, int status, Object body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(body instanceof JsonArray a ? a.encode() : ((JsonObject) body).encode());
  }
}
