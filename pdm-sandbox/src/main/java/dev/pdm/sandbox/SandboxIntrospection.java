package dev.pdm.sandbox;

import dev.pdm.sandbox.SandboxSnapshots.DeploymentSnapshot;
import dev.pdm.sandbox.SandboxSnapshots.MergeRequestSnapshot;
import dev.pdm.sandbox.scenario.ScenarioException;
import dev.pdm.sandbox.scenario.ScenarioFaults;
import dev.pdm.sandbox.scenario.ScenarioLoader;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Test and demo control under {@code /-/sandbox/} (a path GitLab does not use): reset, load a
 * scenario, drive the clock, read webhook deliveries, chat messages and state, arm faults, and
 * make what people do on GitLab happen (merge, deploy a package, delete a pipeline, mark a
 * migration complete). No token is required, so only loopback clients are served.
 */
final class SandboxIntrospection {
  static final String ROOT = "/-/sandbox";

  private final GitLabSandbox sandbox;
  private final ScenarioLoader loader = new ScenarioLoader();

  SandboxIntrospection(GitLabSandbox sandbox) {
    this.sandbox = sandbox;
  }

  void register(Router router) {
    router.route(ROOT + "/*").handler(new LoopbackOnly());
    router.get(ROOT + "/scenarios").handler(this::scenarios);
    router.post(ROOT + "/reset").handler(ctx -> done(ctx, sandbox.reset()));
    router.post(ROOT + "/scenario").handler(ctx -> {
      String name = bodyField(ctx, "scenario").orElse(ctx.queryParams().get("scenario"));
      if (name == null || name.isBlank()) {
        json(ctx, 400, error("field 'scenario' is missing; expected a built-in scenario name "
            + ScenarioLoader.BUILT_IN + " or a file under the scenarios directory"));
        return;
      }
      done(ctx, sandbox.loadConfined(name));
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
    router.post(ROOT + "/chat/outage").handler(ctx -> {
      JsonObject body = ctx.body() == null || ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
      try {
        sandbox.chat().failWith(body.getInteger("status", 503));
        ctx.response().setStatusCode(204).end();
      } catch (IllegalArgumentException | ClassCastException e) {
        json(ctx, 400, new JsonObject().put("message", e.getMessage()));
      }
    });
    router.get(ROOT + "/faults").handler(ctx -> json(ctx, 200,
        new JsonObject(loader.toJson(sandbox.faults().armed()))));
    router.post(ROOT + "/faults").handler(this::armFaults);
    router.delete(ROOT + "/faults").handler(ctx -> {
      sandbox.faults().clear();
      ctx.response().setStatusCode(204).end();
    });
    router.get(ROOT + "/state").handler(ctx -> json(ctx, 200,
        SandboxStateJson.of(sandbox.state())));
    router.delete(ROOT + "/pipelines/:id").handler(this::deletePipeline);
    router.post(ROOT + "/merge").handler(this::merge);
    router.post(ROOT + "/deploy").handler(this::deploy);
    router.get(ROOT + "/schema_migrations").handler(ctx -> json(ctx, 200,
        SandboxStateJson.schemaMigrations(sandbox.state())));
    router.post(ROOT + "/schema_migrations").handler(this::markMigrationComplete);
  }

  private void scenarios(RoutingContext ctx) {
    JsonObject answer = new JsonObject().put("loaded", sandbox.scenario())
        .put("built_in", new JsonArray(ScenarioLoader.BUILT_IN));
    sandbox.options().scenariosDir().ifPresentOrElse(dir -> ctx.vertx()
            .executeBlocking(() -> ScenarioLoader.files(dir))
            .onSuccess(files -> json(ctx, 200, answer.put("scenarios_dir", dir.toString())
                .put("files", new JsonArray(files)))),
        () -> json(ctx, 200, answer.putNull("scenarios_dir").put("files", new JsonArray())));
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

  private void deletePipeline(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!id.matches("\\d{1,18}")) {
      json(ctx, 400, error("pipeline id '" + id + "' is not a number; expected a pipeline id"));
      return;
    }
    done(ctx, sandbox.deletePipeline(Long.parseLong(id)));
  }

  private void merge(RoutingContext ctx) {
    Optional<String> iid = bodyField(ctx, "iid");
    if (iid.isEmpty() || !iid.get().matches("\\d{1,18}")) {
      json(ctx, 400, error("field 'iid' is " + iid.map(v -> "'" + v + "'").orElse("missing")
          + "; expected the iid of an open merge request"));
      return;
    }
    String project = bodyField(ctx, "project").orElseGet(this::canonicalPath);
    answer(ctx, 200, sandbox.mergeMergeRequest(project, Long.parseLong(iid.get()),
        bodyField(ctx, "merged_by")).map(SandboxIntrospection::mergeRequest));
  }

  private void deploy(RoutingContext ctx) {
    Optional<String> environment = bodyField(ctx, "environment");
    if (environment.isEmpty() || environment.get().isBlank()) {
      json(ctx, 400, error("field 'environment' is missing; expected a package environment"
          + " such as gstg or gprd"));
      return;
    }
    answer(ctx, 201, sandbox.deployPackage(bodyField(ctx, "project"), environment.get(),
        bodyField(ctx, "ref")).map(list -> new JsonArray(list.stream()
        .map(SandboxIntrospection::deployment).toList())));
  }

  private void markMigrationComplete(RoutingContext ctx) {
    Optional<String> environment = bodyField(ctx, "environment");
    Optional<String> version = bodyField(ctx, "version");
    if (environment.isEmpty() || version.isEmpty()) {
      json(ctx, 400, error("field '" + (environment.isEmpty() ? "environment" : "version")
          + "' is missing; expected {\"environment\": \"gstg\", \"version\": \"<14 digits>\"}"));
      return;
    }
    sandbox.markMigrationComplete(environment.get(), version.get())
        .onSuccess(added -> json(ctx, added ? 201 : 200, new JsonObject()
            .put("environment", environment.get()).put("version", version.get())
            .put("added", added).put("schema_migrations", new JsonArray(List.copyOf(
                sandbox.schemaMigrations(environment.get()))))))
        .onFailure(e -> failed(ctx, e));
  }

  private String canonicalPath() {
    return sandbox.state().projectWithRole("canonical").map(p -> p.path()).orElse("");
  }

  private static JsonObject mergeRequest(MergeRequestSnapshot m) {
    return new JsonObject().put("project", m.project()).put("iid", m.iid())
        .put("title", m.title()).put("state", m.state()).put("sha", m.sha())
        .put("merge_commit_sha", m.mergeCommitSha().orElse(null))
        .put("merged_by", m.mergedBy().orElse(null));
  }

  private static JsonObject deployment(DeploymentSnapshot d) {
    return new JsonObject().put("project", d.project()).put("id", d.id())
        .put("environment", d.environment()).put("ref", d.ref()).put("sha", d.sha())
        .put("status", d.status());
  }

  private JsonObject clock() {
    SandboxClock clock = sandbox.clock();
    return new JsonObject().put("now", clock.now().toString()).put("manual", clock.manual())
        .put("speed", clock.speed()).put("pending_tasks", clock.pendingTasks());
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
        .onFailure(e -> failed(ctx, e));
  }

  private static void answer(RoutingContext ctx, int status, Future<?> action) {
    action.onSuccess(body -> json(ctx, status, body)).onFailure(e -> failed(ctx, e));
  }

  /** 404 for what does not exist, 409 for what cannot happen now, 400 for bad values. */
  private static void failed(RoutingContext ctx, Throwable e) {
    int status = e instanceof NoSuchElementException ? 404
        : e instanceof IllegalStateException ? 409 : 400;
    json(ctx, status, error(e.getMessage()));
  }

  private static JsonObject error(String message) {
    return new JsonObject().put("message", message);
  }

  private static void json(RoutingContext ctx, int status, Object body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(body instanceof JsonArray a ? a.encode() : ((JsonObject) body).encode());
  }
}
