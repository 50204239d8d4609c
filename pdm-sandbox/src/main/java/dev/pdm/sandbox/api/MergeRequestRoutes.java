package dev.pdm.sandbox.api;

import dev.pdm.sandbox.state.MergeRequest;
import io.vertx.core.json.JsonArray;
import java.util.List;

/** Merge requests: list, get, label updates, merge, approvals, approval state, label events. */
final class MergeRequestRoutes {
  /** The group whose members approve database changes. */
  static final String DATABASE_MAINTAINERS = "gitlab-org/maintainers/database";

  private final Lookups lookups;
  private final GitLabJson json;

  MergeRequestRoutes(Lookups lookups, GitLabJson json) {
    this.lookups = lookups;
    this.json = json;
  }

  void register(ApiRouter router) {
    String mr = "/projects/:id/merge_requests/:merge_request_iid";
    router.get("/projects/:id/merge_requests", this::list)
        .get(mr, r -> ApiResponse.ok(json.mergeRequest(lookups.mergeRequest(r))))
        .put(mr, this::update)
        .put(mr + "/merge", this::merge)
        .get(mr + "/approvals", r -> ApiResponse.ok(json.approvals(lookups.mergeRequest(r))))
        .get(mr + "/approval_state", r -> ApiResponse.ok(json.approvalState(
            lookups.mergeRequest(r), lookups.state().group(DATABASE_MAINTAINERS))))
        .get(mr + "/resource_label_events", r -> ApiResponse.ok(new JsonArray(
            lookups.mergeRequest(r).labelEvents().stream().map(json::labelEvent).toList())));
  }

  private ApiResponse list(ApiRequest r) {
    List<String> labels = r.list("labels");
    String state = r.oneOf("state", java.util.Set.of("all", "merged", "opened", "closed",
        "locked")).orElse("all");
    return ApiResponse.ok(new JsonArray(lookups.state().mergeRequests(lookups.project(r))
        .stream().filter(m -> state.equals("all") || state.equals(m.state()))
        .filter(m -> m.labels().containsAll(labels))
        .sorted(java.util.Comparator.comparing((MergeRequest m) -> m.createdAt).reversed())
        .map(json::mergeRequest).toList()));
  }

  /**
   * Merges an open MR as its caller: 405 when it is not open, 409 when {@code sha} is given
   * and is not the source branch's head, like GitLab.
   */
  private ApiResponse merge(ApiRequest r) {
    MergeRequest mr = lookups.mergeRequest(r);
    if (!"opened".equals(mr.state())) {
      throw ApiError.message(405, "405 Method Not Allowed");
    }
    r.param("sha").filter(sha -> !sha.equals(mr.commit.sha())).ifPresent(sha -> {
      throw ApiError.message(409, "SHA does not match HEAD of source branch: "
          + mr.commit.sha());
    });
    lookups.state().merge(mr, lookups.caller(), r.param("merge_commit_message"));
    return ApiResponse.ok(json.mergeRequest(mr));
  }

  private ApiResponse update(ApiRequest r) {
    MergeRequest mr = lookups.mergeRequest(r);
    List<String> add = r.list("add_labels");
    List<String> remove = r.list("remove_labels");
    if (r.param("labels").isPresent()) {
      List<String> replace = r.list("labels");
      lookups.state().relabel(mr, replace, mr.labels().stream()
          .filter(l -> !replace.contains(l)).toList(), lookups.caller());
    }
    lookups.state().relabel(mr, add, remove, lookups.caller());
    return ApiResponse.ok(json.mergeRequest(mr));
  }
}
