package dev.pdm.sandbox.api;

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
import java.util.stream.Stream;

/** Pipelines (list, get, create, retry, cancel, variables), their jobs, job logs. */
final class PipelineRoutes {
  private static final Set<String> ORDER_BY = Set.of("id", "status", "ref", "updated_at",
      "user_id");
  private static final Set<String> VARIABLE_TYPES = Set.of("env_var", "file");

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
        .post("/projects/:id/pipelines/:pipeline_id/retry", r -> ApiResponse.created(
            json.pipeline(backend.pipelineEngine().retry(pipeline(r)))))
        .post("/projects/:id/pipelines/:pipeline_id/cancel", r -> ApiResponse.created(
            json.pipeline(backend.pipelineEngine().cancel(pipeline(r)))))
        .get("/projects/:id/jobs/:job_id", r -> ApiResponse.ok(json.job(job(r))))
        .get("/projects/:id/jobs/:job_id/trace", r -> ApiResponse.text(job(r).trace()))
        .post("/projects/:id/jobs/:job_id/retry", this::retryJob)
        .post("/projects/:id/jobs/:job_id/cancel", r -> ApiResponse.created(json.job(
            backend.pipelineEngine().cancel(job(r)))));
  }

  private ApiResponse list(ApiRequest r) {
    Project project = lookups.project(r);
    Optional<String> status = r.param("status");
    Optional<String> scope = r.param("scope");
    Optional<String> ref = r.param("ref");
    Optional<String> sha = r.param("sha");
    Optional<String> source = r.param("source");
    Optional<Instant> after = Lookups.time(r, "updated_after");
    Optional<Instant> before = Lookups.time(r, "updated_before");
    String orderBy = r.param("order_by").orElse("id");
    if (!ORDER_BY.contains(orderBy)) {
      throw ApiError.invalid("order_by does not have a valid value");
    }
    Comparator<Pipeline> order = switch (orderBy) {
      case "status" -> Comparator.comparing(Pipeline::status);
      case "ref" -> Comparator.comparing(p -> p.ref);
      case "updated_at" -> Comparator.comparing(Pipeline::updatedAt);
      case "user_id" -> Comparator.comparingLong(p -> p.user.id());
      default -> Comparator.comparingLong(p -> p.id);
    };
    Stream<Pipeline> pipelines = lookups.state().pipelines(project).stream()
        .filter(p -> status.map(s -> s.equals(p.status())).orElse(true))
        .filter(p -> scope.map(s -> inScope(s, p)).orElse(true))
        .filter(p -> ref.map(s -> s.equals(p.ref)).orElse(true))
        .filter(p -> sha.map(s -> s.equals(p.sha)).orElse(true))
        .filter(p -> source.map(s -> s.equals(p.source)).orElse(true))
        .filter(p -> after.map(t -> p.updatedAt().isAfter(t)).orElse(true))
        .filter(p -> before.map(t -> p.updatedAt().isBefore(t)).orElse(true))
        .sorted("asc".equals(r.param("sort").orElse("desc")) ? order : order.reversed());
    return ApiResponse.ok(new JsonArray(pipelines.map(json::pipelineBasic).toList()));
  }

  private static boolean inScope(String scope, Pipeline p) {
    return switch (scope) {
      case "running", "pending" -> scope.equals(p.status());
      case "finished" -> Job.isTerminal(p.status());
      case "branches" -> true;
      case "tags" -> false;
      default -> throw ApiError.invalid("scope does not have a valid value");
    };
  }

  private ApiResponse create(ApiRequest r) {
    Project project = lookups.project(r);
    String ref = r.required("ref");
    List<Variable> variables = r.objects("variables").stream().map(this::variable).toList();
    Pipeline pipeline = backend.pipelineEngine().create(project, ref, variables, lookups.caller());
    return ApiResponse.created(json.pipeline(pipeline));
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
