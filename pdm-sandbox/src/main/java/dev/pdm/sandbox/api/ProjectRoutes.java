package dev.pdm.sandbox.api;

import dev.pdm.sandbox.state.Group;
import dev.pdm.sandbox.state.Project;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** {@code /version}, {@code /user}, users, projects and group members. */
final class ProjectRoutes {
  private final Lookups lookups;
  private final GitLabJson json;

  ProjectRoutes(Lookups lookups, GitLabJson json) {
    this.lookups = lookups;
    this.json = json;
  }

  void register(ApiRouter router) {
    router.get("/version", r -> ApiResponse.ok(new JsonObject().put("version", "17.6.0-ee")
            .put("revision", "5a1b7c9d2e3").put("kas", new JsonObject().put("enabled", false)
                .put("externalUrl", null).put("version", null)).put("enterprise", true)))
        .get("/user", r -> ApiResponse.ok(json.currentUser(lookups.caller(),
            lookups.state().now().minusSeconds(86_400L * 900))))
        .get("/users", r -> ApiResponse.ok(new JsonArray(lookups.state().users().stream()
            .filter(u -> r.param("username").map(u.username()::equalsIgnoreCase).orElse(true))
            .map(json::user).toList())))
        .get("/users/:user_id", r -> ApiResponse.ok(lookups.state().users().stream()
            .filter(u -> String.valueOf(u.id()).equals(r.required("user_id"))).findFirst()
            .map(u -> json.userWithProfile(u, lookups.state().now().minusSeconds(86_400L * 900))
                .put("public_email", u.email()))
            .orElseThrow(() -> ApiError.notFound("User"))))
        .get("/projects", r -> ApiResponse.ok(new JsonArray(lookups.state().projects().stream()
            .filter(p -> r.canSee(p.path())).map(this::project).toList())))
        .get("/projects/:id", r -> ApiResponse.ok(project(lookups.project(r))))
        .get("/groups/:id/members", this::members)
        .get("/groups/:id/members/all", this::members);
  }

  private JsonObject project(Project p) {
    int open = (int) lookups.state().issues(p).stream().filter(i -> "opened".equals(i.state()))
        .count();
    return json.project(p, open);
  }

  private ApiResponse members(ApiRequest r) {
    Group group = lookups.state().group(r.required("id"))
        .orElseThrow(() -> ApiError.notFound("Group"));
    return ApiResponse.ok(new JsonArray(group.members().stream()
        .map(m -> json.member(m, lookups.state().now().minusSeconds(86_400L * 400))).toList()));
  }
}
