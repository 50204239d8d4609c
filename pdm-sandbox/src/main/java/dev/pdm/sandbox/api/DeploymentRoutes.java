package dev.pdm.sandbox.api;

import dev.pdm.sandbox.state.Deployment;
import dev.pdm.sandbox.state.Environment;
import dev.pdm.sandbox.state.Project;
import io.vertx.core.json.JsonArray;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Environments (list, get) and deployments (list, get, create, update status). */
final class DeploymentRoutes {
  private static final Set<String> STATUSES = Set.of("created", "running", "success", "failed",
      "canceled", "blocked", "skipped");
  private static final Set<String> WRITABLE_STATUSES = Set.of("running", "success", "failed",
      "canceled");
  private static final Set<String> ORDER_BY = Set.of("id", "iid", "created_at", "updated_at",
      "finished_at", "ref");

  private final Lookups lookups;
  private final GitLabJson json;

  DeploymentRoutes(Lookups lookups, GitLabJson json) {
    this.lookups = lookups;
    this.json = json;
  }

  void register(ApiRouter router) {
    router.get("/projects/:id/environments", this::environments)
        .get("/projects/:id/environments/:environment_id", r -> {
          Environment e = environment(r);
          return ApiResponse.ok(json.environment(e, last(e)));
        })
        .get("/projects/:id/deployments", this::list)
        .get("/projects/:id/deployments/:deployment_id", r -> ApiResponse.ok(json.deployment(
            deployment(r))))
        .post("/projects/:id/deployments", this::create)
        .put("/projects/:id/deployments/:deployment_id", this::update);
  }

  private ApiResponse environments(ApiRequest r) {
    Project project = lookups.project(r);
    Optional<String> name = r.param("name");
    Optional<String> search = r.param("search");
    Optional<String> states = r.param("states");
    return ApiResponse.ok(new JsonArray(lookups.state().environments(project).stream()
        .filter(e -> name.map(n -> n.equals(e.name())).orElse(true))
        .filter(e -> search.map(s -> e.name().contains(s)).orElse(true))
        .filter(e -> states.map("available"::equals).orElse(true))
        .map(e -> json.environment(e, last(e))).toList()));
  }

  private Optional<Deployment> last(Environment e) {
    return lookups.state().deployments(e).stream().filter(d -> "success".equals(d.status()))
        .findFirst();
  }

  private ApiResponse list(ApiRequest r) {
    Project project = lookups.project(r);
    Optional<String> environment = r.param("environment");
    Optional<String> status = r.param("status");
    status.filter(s -> !STATUSES.contains(s)).ifPresent(s -> {
      throw ApiError.invalid("status does not have a valid value");
    });
    String orderBy = r.param("order_by").orElse("id");
    if (!ORDER_BY.contains(orderBy)) {
      throw ApiError.invalid("order_by does not have a valid value");
    }
    Optional<Instant> after = Lookups.time(r, "updated_after");
    Optional<Instant> before = Lookups.time(r, "updated_before");
    Comparator<Deployment> order = switch (orderBy) {
      case "iid" -> Comparator.comparingLong(d -> d.iid);
      case "created_at" -> Comparator.comparing((Deployment d) -> d.createdAt)
          .thenComparingLong(d -> d.id);
      case "updated_at", "finished_at" -> Comparator.comparing(Deployment::updatedAt)
          .thenComparingLong(d -> d.id);
      case "ref" -> Comparator.comparing((Deployment d) -> d.ref).thenComparingLong(d -> d.id);
      default -> Comparator.comparingLong(d -> d.id);
    };
    List<Deployment> deployments = lookups.state().deployments(project).stream()
        .filter(d -> environment.map(e -> e.equals(d.environment.name())).orElse(true))
        .filter(d -> status.map(s -> s.equals(d.status())).orElse(true))
        .filter(d -> after.map(t -> d.updatedAt().isAfter(t)).orElse(true))
        .filter(d -> before.map(t -> d.updatedAt().isBefore(t)).orElse(true))
        .sorted("desc".equals(r.param("sort").orElse("asc")) ? order.reversed() : order)
        .toList();
    return ApiResponse.ok(new JsonArray(deployments.stream().map(json::deployment).toList()));
  }

  private ApiResponse create(ApiRequest r) {
    Project project = lookups.project(r);
    String environment = r.required("environment");
    String sha = r.required("sha");
    String ref = r.required("ref");
    boolean tag = r.flag("tag", false);
    String status = writableStatus(r.required("status"));
    Deployment deployment = lookups.state().createDeployment(project, environment, ref, sha, tag,
        status, lookups.caller());
    return ApiResponse.created(json.deployment(deployment));
  }

  private ApiResponse update(ApiRequest r) {
    Deployment deployment = deployment(r);
    String status = writableStatus(r.required("status"));
    lookups.state().updateDeploymentStatus(deployment, status);
    return ApiResponse.ok(json.deployment(deployment));
  }

  private static String writableStatus(String status) {
    if (!WRITABLE_STATUSES.contains(status)) {
      throw ApiError.invalid("status does not have a valid value");
    }
    return status;
  }

  private Environment environment(ApiRequest r) {
    Project project = lookups.project(r);
    long id = r.requiredLong("environment_id");
    return lookups.state().environments(project).stream().filter(e -> e.id() == id).findFirst()
        .orElseThrow(() -> ApiError.notFound("Environment"));
  }

  private Deployment deployment(ApiRequest r) {
    Project project = lookups.project(r);
    long id = r.requiredLong("deployment_id");
    return lookups.state().deployments(project).stream().filter(d -> d.id == id).findFirst()
        .orElseThrow(() -> ApiError.notFound("Deployment"));
  }
}
