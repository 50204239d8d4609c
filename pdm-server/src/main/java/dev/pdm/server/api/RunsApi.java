package dev.pdm.server.api;

import dev.pdm.core.auth.Caller;
import dev.pdm.core.run.Decision;
import dev.pdm.core.run.MitigationKind;
import dev.pdm.core.run.RecordStep;
import dev.pdm.core.run.RunEvent;
import dev.pdm.server.orchestrator.Orchestrator;
import dev.pdm.server.store.AuditEntry;
import dev.pdm.server.store.CreateOutcome;
import dev.pdm.server.store.RunStore;
import dev.pdm.server.store.StoredRun;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/runs}: ask for a run, list and read runs and their events, and the operator's decisions on a run
 * (retry, cancel, mitigation, recheck, override, redo a record step), each with the reason the audit trail keeps.
 */
public final class RunsApi {
  private static final Logger LOG = LoggerFactory.getLogger(RunsApi.class);
  private final RunStore store;
  private final OperatorRequests requests;
  private final PipelineLookup pipelines;
  private final Clock clock;

  public RunsApi(RunStore store, OperatorRequests requests, PipelineLookup pipelines, Clock clock) {
    this.store = store;
    this.requests = requests;
    this.pipelines = pipelines;
    this.clock = clock;
  }

  /** Finds a pipeline of a run's stage in GitLab: its web URL, or empty when GitLab has no such pipeline there. */
  @FunctionalInterface
  public interface PipelineLookup {
    Future<Optional<String>> webUrl(Orchestrator.Loaded run, String stageId, long pipelineId);
  }

  public void mount(Router router) {
    Handler<RoutingContext> operators = Authentication.operatorsOnly();
    router.post("/api/v1/runs").handler(operators).handler(this::create);
    router.get("/api/v1/runs").handler(this::list);
    router.get("/api/v1/runs/:id").handler(this::get);
    router.get("/api/v1/runs/:id/events").handler(this::events);
    router.post("/api/v1/runs/:id/cancel").handler(operators).handler(ctx -> decide(ctx, "cancel", true,
        (caller, body) -> requests.cancel(caller.name(), body.getString("reason"))));
    router.post("/api/v1/runs/:id/stages/:stage/retry").handler(operators).handler(ctx -> decide(ctx, "retry", true,
        (caller, body) -> requests.retry(stage(ctx), caller.name(), body.getString("reason"))));
    router.post("/api/v1/runs/:id/stages/:stage/recheck").handler(operators).handler(ctx -> decide(ctx, "recheck",
        false, (caller, body) -> new RunEvent.RecheckRequested(stage(ctx), caller.name(), clock.instant())));
    router.post("/api/v1/runs/:id/stages/:stage/override").handler(operators).handler(ctx -> decide(ctx,
        "override checks", true, (caller, body) -> new RunEvent.ChecksOverridden(stage(ctx), caller.name(),
            body.getString("reason"), Optional.ofNullable(body.getString("link")), clock.instant())));
    router.post("/api/v1/runs/:id/stages/:stage/mitigations").handler(operators).handler(this::mitigate);
    router.post("/api/v1/runs/:id/stages/:stage/override-qa").handler(operators).handler(ctx -> decide(ctx,
        "override QA failure", true, (caller, body) -> new RunEvent.QaFailureOverridden(stage(ctx), caller.name(),
            body.getString("reason"), Optional.ofNullable(body.getString("link")), clock.instant())));
    router.post("/api/v1/runs/:id/stages/:stage/trigger-again").handler(operators).handler(ctx -> decide(ctx,
        "trigger again", true, (caller, body) -> new RunEvent.TriggerAgainRequested(stage(ctx), caller.name(),
            body.getString("reason"), clock.instant())));
    router.post("/api/v1/runs/:id/stages/:stage/abandon").handler(operators).handler(ctx -> decide(ctx,
        "abandon stage", true, (caller, body) -> new RunEvent.StageAbandoned(stage(ctx), caller.name(),
            body.getString("reason"), clock.instant())));
    router.post("/api/v1/runs/:id/stages/:stage/adopt").handler(operators).handler(this::adopt);
    router.post("/api/v1/runs/:id/stages/:stage/records/:step/retry").handler(operators).handler(this::redoRecord);
  }

  /** Asks for a run of the plan and answers with it (also the last step of an incident workflow's re-run). */
  void create(RoutingContext ctx) {
    Caller caller = Authentication.caller(ctx);
    Optional<String> key = Optional.ofNullable(ctx.request().getHeader("Idempotency-Key")).filter(k -> !k.isBlank());
    if (key.isPresent() && key.get().length() > 200) {
      ApiReplies.invalid(ctx, List.of("Idempotency-Key: expected at most 200 characters (got " + key.get().length()
          + ")"));
      return;
    }
    requests.start(caller.name(), key)
        .onSuccess(started -> {
          if (started.rejected().isPresent()) {
            rejected(ctx, started.rejected().get());
            return;
          }
          CreateOutcome outcome = started.outcome().orElseThrow();
          if (outcome instanceof CreateOutcome.Created created) {
            ctx.response().putHeader("Location", "/api/v1/runs/" + created.run().id());
            ApiReplies.json(ctx, 201, created.run().toJson());
          } else if (outcome instanceof CreateOutcome.SameRequest same) {
            ApiReplies.json(ctx, 200, same.run().toJson());
          } else {
            CreateOutcome.ActiveRunExists active = (CreateOutcome.ActiveRunExists) outcome;
            ApiReplies.json(ctx, 409, new JsonObject().put("message", "run " + active.activeRunId()
                + " is active; one run at a time").put("active_run_id", active.activeRunId().toString()));
          }
        })
        .onFailure(err -> {
          if (err instanceof OperatorRequests.GitLabUnavailable) {
            ApiReplies.error(ctx, 502, "could not read GitLab to start a run: " + err.getCause().getMessage());
          } else {
            ApiReplies.failed(ctx, err);
          }
        });
  }

  private void list(RoutingContext ctx) {
    List<String> problems = new ArrayList<>();
    int limit = intParam(ctx, "limit", 20, 1, 200, problems);
    Optional<String> status = Optional.ofNullable(ctx.request().getParam("status")).filter(s -> !s.isBlank())
        .map(s -> s.toLowerCase(Locale.ROOT));
    Optional<OffsetDateTime> before = Optional.empty();
    String beforeText = ctx.request().getParam("before");
    if (beforeText != null) {
      try {
        before = Optional.of(OffsetDateTime.parse(beforeText));
      } catch (DateTimeParseException e) {
        problems.add("before: expected an ISO-8601 time such as 2026-11-24T10:00:00Z (got " + beforeText + ")");
      }
    }
    if (!problems.isEmpty()) {
      ApiReplies.invalid(ctx, problems);
      return;
    }
    store.list(status, before, limit).onComplete(done -> {
      if (done.failed()) {
        ApiReplies.failed(ctx, done.cause());
        return;
      }
      JsonArray runs = new JsonArray();
      done.result().forEach(r -> runs.add(r.toJson()));
      JsonObject page = new JsonObject().put("runs", runs);
      if (done.result().size() == limit) {
        page.put("next_before", done.result().get(limit - 1).createdAt().toString());
      }
      ApiReplies.json(ctx, 200, page);
    });
  }

  private void get(RoutingContext ctx) {
    withRun(ctx, run -> store.audit(run.id()).compose(audit -> store.logTails(List.of(run.id()))
            .map(tails -> run.toJson(tails.getOrDefault(run.id(), List.of())).put("audit", new JsonArray(audit)))))
        .onSuccess(json -> ApiReplies.json(ctx, 200, json));
  }

  private void events(RoutingContext ctx) {
    List<String> problems = new ArrayList<>();
    int since = intParam(ctx, "since", 0, 0, Integer.MAX_VALUE, problems);
    int limit = intParam(ctx, "limit", 500, 1, 1000, problems);
    if (!problems.isEmpty()) {
      ApiReplies.invalid(ctx, problems);
      return;
    }
    withRun(ctx, run -> store.eventsAfter(run.id(), since, limit).map(events -> {
      JsonArray list = new JsonArray();
      events.forEach(e -> list.add(e.toJson()));
      return new JsonObject().put("run_id", run.id().toString()).put("last_seq", run.lastSeq()).put("events", list);
    })).onSuccess(json -> ApiReplies.json(ctx, 200, json));
  }

  private void mitigate(RoutingContext ctx) {
    JsonObject body = ApiReplies.body(ctx);
    if (body == null) {
      return;
    }
    String kindText = body.getString("kind", "");
    Optional<MitigationKind> kind = MitigationKind.ofWord(kindText);
    if (kind.isEmpty()) {
      List<String> problems = new ArrayList<>(List.of("kind: expected noop, mark-complete or other (got "
          + (kindText.isEmpty() ? "nothing" : kindText) + ")"));
      problems.addAll(OperatorRequests.reasonProblems(body.getValue("reason")));
      ApiReplies.invalid(ctx, problems);
      return;
    }
    decide(ctx, "mitigation " + kindText, true, (caller, b) -> requests.mitigation(stage(ctx), caller.name(),
        kind.get(), b.getString("reason"), Optional.ofNullable(b.getString("link"))));
  }

  /** Adopting a pipeline names one GitLab has, in the stage's project: it is read before the decision is taken. */
  private void adopt(RoutingContext ctx) {
    JsonObject body = ApiReplies.body(ctx);
    if (body == null) {
      return;
    }
    Object id = body.getValue("pipeline_id");
    List<String> problems = new ArrayList<>();
    if (!(id instanceof Number number) || number.longValue() <= 0 || number.doubleValue() != number.longValue()) {
      problems.add("pipeline_id: expected the id of the pipeline to adopt, a whole number such as 1870000012 (got "
          + (id == null ? "nothing" : id) + ")");
    }
    problems.addAll(OperatorRequests.reasonProblems(body.getValue("reason")));
    if (!problems.isEmpty()) {
      ApiReplies.invalid(ctx, problems);
      return;
    }
    long pipelineId = ((Number) id).longValue();
    withRun(ctx, run -> pipelines.webUrl(Orchestrator.Loaded.of(run), stage(ctx), pipelineId))
        .onSuccess(url -> {
          if (url.isEmpty()) {
            ApiReplies.invalid(ctx, List.of("pipeline_id: GitLab has no pipeline " + pipelineId + " in the project of stage "
                + stage(ctx) + " (got " + pipelineId + ")"));
            return;
          }
          decide(ctx, "adopt pipeline", true, (caller, b) -> new RunEvent.PipelineAdopted(stage(ctx), caller.name(),
              pipelineId, url.get(), b.getString("reason"), clock.instant()));
        });
  }

  private void redoRecord(RoutingContext ctx) {
    String stepText = ctx.pathParam("step");
    Optional<RecordStep.Kind> step = java.util.Arrays.stream(RecordStep.Kind.values())
        .filter(k -> k.name().equalsIgnoreCase(stepText.replace('-', '_'))).findFirst();
    if (step.isEmpty()) {
      ApiReplies.invalid(ctx, List.of("step: expected one of deployment-canonical, deployment-security, label-mrs, "
          + "release-issue-comment (got " + stepText + ")"));
      return;
    }
    decide(ctx, "redo record step " + stepText, false, (caller, body) -> new RunEvent.RecordStepRetryRequested(
        stage(ctx), step.get(), caller.name(), clock.instant()));
  }

  /** Applies an operator's request; the state machine may reject it (400 invalid, 409 conflicting). */
  private void decide(RoutingContext ctx, String action, boolean reasonRequired,
      java.util.function.BiFunction<Caller, JsonObject, RunEvent> request) {
    JsonObject body = ApiReplies.body(ctx);
    if (body == null) {
      return;
    }
    List<String> reasonProblems = OperatorRequests.reasonProblems(body.getValue("reason"));
    if (reasonRequired && !reasonProblems.isEmpty()) {
      ApiReplies.invalid(ctx, reasonProblems);
      return;
    }
    Caller caller = Authentication.caller(ctx);
    RunEvent event = request.apply(caller, body);
    JsonObject detail = new JsonObject();
    Optional.ofNullable(ctx.pathParam("stage")).ifPresent(s -> detail.put("stage", s));
    Optional.ofNullable(body.getString("link")).ifPresent(l -> detail.put("link", l));
    AuditEntry audit = new AuditEntry(caller.name(), action, Optional.ofNullable(body.getString("reason")), detail);
    withRun(ctx, run -> requests.decide(run.id(), event, audit))
        .onSuccess(decided -> {
          if (decided.rejected().isPresent()) {
            rejected(ctx, decided.rejected().get());
            return;
          }
          ApiReplies.json(ctx, 202, decided.run().map(StoredRun::toJson).orElse(new JsonObject()));
        });
  }

  static void rejected(RoutingContext ctx, Decision.Rejected rejected) {
    ApiReplies.error(ctx, rejected.cause() == Decision.Rejected.Cause.CONFLICT ? 409 : 400, rejected.reason());
  }

  private static String stage(RoutingContext ctx) {
    return ctx.pathParam("stage");
  }

  /** Looks the run up (404 when unknown) and continues with it; failures answer 500. */
  <T> Future<T> withRun(RoutingContext ctx, Function<StoredRun, Future<T>> then) {
    UUID id;
    try {
      id = UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      ApiReplies.error(ctx, 404, "no run " + ctx.pathParam("id"));
      return Future.failedFuture(e);
    }
    return store.get(id).compose(found -> {
      if (found.isEmpty()) {
        ApiReplies.error(ctx, 404, "no run " + id);
        return Future.<T>failedFuture("no run " + id);
      }
      return then.apply(found.get());
    }).onFailure(err -> ApiReplies.failed(ctx, err));
  }

  /** A whole-number query parameter within bounds; a problem naming it and its value is added otherwise. */
  static int intParam(RoutingContext ctx, String name, int defaultValue, int min, int max,
      List<String> problems) {
    String text = ctx.request().getParam(name);
    if (text == null || text.isBlank()) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(name + ": expected a whole number from " + min + " to " + max + " (got " + text + ")");
    return defaultValue;
  }
}
