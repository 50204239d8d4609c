package dev.pdm.sandbox.api;

import dev.pdm.sandbox.ci.PipelineRefused;
import dev.pdm.sandbox.state.Job;
import dev.pdm.sandbox.state.Pipeline;
import dev.pdm.sandbox.state.Project;
import dev.pdm.sandbox.state.Variable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Pipelines (list, get, create, delete, retry, cancel, variables), their jobs, job logs. */
final class PipelineRoutes {
  private static final Set<String> ORDER_BY = Set.of("id", "status", "ref", "updated_at",
      "user_id");
  private static final Set<String> VARIABLE_TYPES = Set.of("env_var", "file");
  private static final Set<String> STATUSES = Set.of("created", "waiting_for_resource",
      "preparing", "pending", "running", "success", "failed", "canceled", "skipped", "manual",
      "scheduled");
  private static final Set<String> SOURCES = Set.of("unknown", "push", "web", "trigger",
      "schedule", "api", "external", "pipeline", "chat", "webide", "merge_request_event",
      "external_pull_request_event", "parent_pipeline", "ondemand_dast_scan",
      "ondemand_dast_validation", "security_orchestration_policy",
      "container_registry_push", "duo_workflow", "pipeline_execution_policy_schedule");
  private static final Set<String> SCOPES = Set.of("running", "pending", "finished", "branches",
      "tags");

  private final Lookups lookups;
  private final Backend backend;
  private final GitLabJson json;

  PipelineRoutes(Lookups lookups, Backend backend, GitLabJson json) {
    this.lookups = lookups;
    this.backend = backend;
    this.json = json;
  }

  void register(ApiRouter router) {
    router.get("/projects/:id/pipelines", this::list)
        .post("/projects/:id/pipeline", this::create)
        .get("/projects/:id/pipelines/:pipeline_id", r -> ApiResponse.ok(json.pipeline(
            pipeline(r))))
        .get("/projects/:id/pipelines/:pipeline_id/variables", r -> ApiResponse.ok(new JsonArray(
            pipeline(r).variables.stream().map(json::variable).toList())))
        .get("/projects/:id/pipelines/:pipeline_id/jobs", this::jobs)
        .delete("/projects/:id/pipelines/:pipeline_id", r -> {
          backend.pipelineEngine().delete(pipeline(r));
          return ApiResponse.noContent();
        })
        .post("/projects/:id/pipelines/:pipeline_id/retry", r -> ApiResponse.created(
            json.pipeline(backend.pipelineEngine().retry(pipeline(r)))))
        .post("/projects/:id/pipelines/:pipeline_id/cancel", r -> ApiResponse.created(
            json.pipeline(backend.pipelineEngine().cancel(pipeline(r)))))
        .get("/projects/:id/jobs/:job_id", r -> ApiResponse.ok(json.job(job(r))))
        .get("/projects/:id/jobs/:job_id/trace", r -> ApiResponse.trace(job(r).traceText()))
        .post("/projects/:id/jobs/:job_id/retry", this::retryJob)
        .post("/projects/:id/jobs/:job_id/cancel", r -> ApiResponse.created(json.job(
            backend.pipelineEngine().cancel(job(r)))));
  }

  /**
   * GitLab's pipeline list: every filter GitLab's PipelinesFinder applies (time bounds are
   * inclusive), values checked like Grape does, newest id first unless ordered otherwise.
   */
  private ApiResponse list(ApiRequest r) {
    Project project = lookups.project(r);
    Optional<String> status = r.oneOf("status", STATUSES);
    Optional<String> scope = r.oneOf("scope", SCOPES);
    Optional<String> source = r.oneOf("source", SOURCES);
    String orderBy = r.oneOf("order_by", ORDER_BY).orElse("id");
    String sort = r.oneOf("sort", Set.of("asc", "desc")).orElse("desc");
    Optional<String> ref = r.param("ref");
    Optional<String> sha = r.param("sha");
    Optional<String> username = r.param("username");
    Optional<Instant> updatedAfter = Lookups.time(r, "updated_after");
    Optional<Instant> updatedBefore = Lookups.time(r, "updated_before");
    Optional<Instant> createdAfter = Lookups.time(r, "created_after");
    Optional<Instant> createdBefore = Lookups.time(r, "created_before");
    Comparator<Pipeline> order = switch (orderBy) {
      case "status" -> Comparator.comparing(Pipeline::status);
      case "ref" -> Comparator.comparing(p -> p.ref);
      case "updated_at" -> Comparator.comparing(Pipeline::updatedAt);
      case "user_id" -> Comparator.comparingLong(p -> p.user.id());
      default -> Comparator.comparingLong(p -> p.id);
    };
    order = order.thenComparingLong(p -> p.id);
    List<Pipeline> pipelines = lookups.state().visiblePipelines(project).stream()
        .filter(p -> status.map(s -> s.equals(p.status())).orElse(true))
        .filter(p -> ref.map(s -> s.equals(p.ref)).orElse(true))
        .filter(p -> sha.map(s -> s.equals(p.sha)).orElse(true))
        .filter(p -> source.map(s -> s.equals(p.source)).orElse(true))
        .filter(p -> username.map(u -> u.equals(p.user.username())).orElse(true))
        .filter(p -> updatedAfter.map(t -> !p.updatedAt().isBefore(t)).orElse(true))
        .filter(p -> updatedBefore.map(t -> !p.updatedAt().isAfter(t)).orElse(true))
        .filter(p -> createdAfter.map(t -> !p.createdAt.isBefore(t)).orElse(true))
        .filter(p -> createdBefore.map(t -> !p.createdAt.isAfter(t)).orElse(true))
        .toList();
    List<Pipeline> scoped = scope.map(s -> inScope(s, pipelines)).orElse(pipelines);
    return ApiResponse.ok(new JsonArray(scoped.stream()
        .sorted("asc".equals(sort) ? order : order.reversed())
        .map(json::pipelineBasic).toList()));
  }

  /** GitLab's scopes; branches keeps each ref's latest pipeline, and the sandbox has no tags. */
  private static List<Pipeline> inScope(String scope, List<Pipeline> pipelines) {
    return switch (scope) {
      case "running", "pending" -> pipelines.stream().filter(p -> scope.equals(p.status()))
          .toList();
      case "finished" -> pipelines.stream().filter(p -> Job.isTerminal(p.status())).toList();
      case "branches" -> List.copyOf(pipelines.stream().collect(Collectors.toMap(p -> p.ref,
          p -> p, (a, b) -> a.id > b.id ? a : b)).values());
      default -> List.of();
    };
  }

  private ApiResponse create(ApiRequest r) {
    Project project = lookups.project(r);
    String ref = r.required("ref");
    List<Variable> variables = r.objects("variables").stream().map(this::variable).toList();
    try {
      Pipeline pipeline = backend.pipelineEngine().create(project, ref, variables,
          lookups.caller());
      return ApiResponse.created(json.pipeline(pipeline));
    } catch (PipelineRefused e) {
      throw ApiError.validation("base", e.getMessage());
    }
  }

  private Variable variable(JsonObject v) {
    String key = v.getString("key");
    if (key == null || key.isBlank()) {
      throw ApiError.invalid("variables[key] is missing");
    }
    String type = v.getString("variable_type", "env_var");
    if (!VARIABLE_TYPES.contains(type)) {
      throw ApiError.invalid("variables[variable_type] does not have a valid value");
    }
    Object value = v.getValue("value");
    return new Variable(key, value == null ? "" : String.valueOf(value), type);
  }

  private ApiResponse jobs(ApiRequest r) {
    Pipeline pipeline = pipeline(r);
    List<String> scope = r.list("scope");
    boolean includeRetried = r.flag("include_retried", false);
    return ApiResponse.ok(new JsonArray((includeRetried ? pipeline.allJobs()
        : pipeline.latestJobs()).stream()
        .filter(j -> scope.isEmpty() || scope.contains(j.status()))
        .sorted(Comparator.comparingLong((Job j) -> j.id).reversed())
        .map(json::job).toList()));
  }

  private ApiResponse retryJob(ApiRequest r) {
    Job job = job(r);
    if (!Job.isTerminal(job.status())) {
      throw ApiError.message(403, "403 Forbidden  - Job is not retryable");
    }
    return ApiResponse.created(json.job(backend.pipelineEngine().retry(job)));
  }

  private Pipeline pipeline(ApiRequest r) {
    Project project = lookups.project(r);
    return lookups.state().pipeline(project, r.requiredLong("pipeline_id"))
        .orElseThrow(() -> ApiError.message(404, "404 Not found"));
  }

  private Job job(ApiRequest r) {
    Project project = lookups.project(r);
    return lookups.state().job(project, r.requiredLong("job_id"))
        .orElseThrow(() -> ApiError.message(404, "404 Not found"));
  }
}
