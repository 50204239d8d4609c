package dev.pdm.sandbox.api;

import dev.pdm.sandbox.state.Hook;
import dev.pdm.sandbox.state.Project;
import io.vertx.core.json.JsonArray;
import java.net.URI;
import java.net.URISyntaxException;

/** Project webhooks: list, get, add, delete. */
final class HookRoutes {
  private final Lookups lookups;
  private final GitLabJson json;

  HookRoutes(Lookups lookups, GitLabJson json) {
    this.lookups = lookups;
    this.json = json;
  }

  void register(ApiRouter router) {
    router.get("/projects/:id/hooks", r -> ApiResponse.ok(new JsonArray(lookups.state()
            .hooks(lookups.project(r)).stream().map(json::hook).toList())))
        .get("/projects/:id/hooks/:hook_id", r -> ApiResponse.ok(json.hook(hook(r))))
        .post("/projects/:id/hooks", this::create)
        .delete("/projects/:id/hooks/:hook_id", r -> {
          Hook hook = hook(r);
          lookups.state().removeHook(lookups.project(r), hook.id());
          return ApiResponse.noContent();
        });
  }

  private ApiResponse create(ApiRequest r) {
    Project project = lookups.project(r);
    String url = r.required("url");
    try {
      URI uri = new URI(url);
      if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
        throw ApiError.message(422, "Invalid url given");
      }
    } catch (URISyntaxException e) {
      throw ApiError.message(422, "Invalid url given");
    }
    Hook hook = lookups.state().addHook(project, url, r.param("token").filter(t -> !t.isEmpty()),
        r.flag("pipeline_events", false), r.flag("job_events", false),
        r.flag("deployment_events", false), r.flag("push_events", true),
        r.flag("issues_events", false), r.flag("confidential_issues_events", false),
        r.flag("merge_requests_events", false),
        r.flag("note_events", false), r.flag("enable_ssl_verification", true));
    return ApiResponse.created(json.hook(hook));
  }

  private Hook hook(ApiRequest r) {
    Project project = lookups.project(r);
    long id = r.requiredLong("hook_id");
    return lookups.state().hooks(project).stream().filter(h -> h.id() == id).findFirst()
        .orElseThrow(() -> ApiError.notFound("Hook"));
  }
}
