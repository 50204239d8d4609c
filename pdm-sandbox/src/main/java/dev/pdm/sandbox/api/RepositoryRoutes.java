package dev.pdm.sandbox.api;

import dev.pdm.sandbox.state.Commit;
import dev.pdm.sandbox.state.Project;
import dev.pdm.sandbox.state.RepoFile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Repository compare, files, commits and the merge requests of a commit. */
final class RepositoryRoutes {
  private final Lookups lookups;
  private final GitLabJson json;

  RepositoryRoutes(Lookups lookups, GitLabJson json) {
    this.lookups = lookups;
    this.json = json;
  }

  void register(ApiRouter router) {
    router.get("/projects/:id/repository/compare", this::compare)
        .get("/projects/:id/repository/files/:file_path", r -> {
          Project p = lookups.project(r);
          Commit at = commit(p, r.required("ref"), "Commit");
          RepoFile file = file(p, at, r.required("file_path"));
          Commit last = p.repository().touching(file.path(), at).get(0);
          return ApiResponse.ok(json.file(file, at, last));
        })
        .get("/projects/:id/repository/files/:file_path/raw", r -> {
          Project p = lookups.project(r);
          Commit at = commit(p, r.param("ref").orElse(p.defaultBranch()), "Commit");
          return ApiResponse.text(file(p, at, r.required("file_path")).content());
        })
        .get("/projects/:id/repository/commits", this::commits)
        .get("/projects/:id/repository/commits/:sha", r -> {
          Project p = lookups.project(r);
          return ApiResponse.ok(json.commit(commit(p, r.required("sha"), "Commit"), p, true));
        })
        .get("/projects/:id/repository/commits/:sha/merge_requests", r -> {
          Project p = lookups.project(r);
          Commit c = commit(p, r.required("sha"), "Commit");
          return ApiResponse.ok(new JsonArray(lookups.state().mergeRequestsForCommit(p, c.sha())
              .stream().map(json::mergeRequest).toList()));
        });
  }

  private ApiResponse compare(ApiRequest r) {
    Project p = lookups.project(r);
    Commit from = commit(p, r.required("from"), "Ref");
    Commit to = commit(p, r.required("to"), "Ref");
    List<Commit> commits = p.repository().between(from, to);
    Map<String, RepoFile> before = p.repository().filesAt(from);
    Map<String, RepoFile> after = p.repository().filesAt(to);
    JsonArray diffs = new JsonArray(commits.stream().flatMap(c -> c.files().stream())
        .map(RepoFile::path).distinct()
        .filter(path -> before.get(path) == null
            || !before.get(path).content().equals(after.get(path).content()))
        .map(path -> json.diff(Optional.ofNullable(before.get(path)), after.get(path)))
        .toList());
    return ApiResponse.ok(new JsonObject()
        .put("commit", commits.isEmpty() ? null : json.commit(commits.get(commits.size() - 1), p,
            false))
        .put("commits", new JsonArray(commits.stream().map(c -> json.commit(c, p, false))
            .toList()))
        .put("diffs", diffs).put("compare_timeout", false)
        .put("compare_same_ref", from.sha().equals(to.sha()))
        .put("web_url", json.web(p.path() + "/-/compare/" + from.sha() + "..." + to.sha())));
  }

  private ApiResponse commits(ApiRequest r) {
    Project p = lookups.project(r);
    Commit upTo = commit(p, r.param("ref_name").orElse(p.defaultBranch()), "Ref");
    Optional<String> path = r.param("path");
    Optional<Instant> since = Lookups.time(r, "since");
    Optional<Instant> until = Lookups.time(r, "until");
    List<Commit> commits = path.map(f -> p.repository().touching(f, upTo))
        .orElseGet(() -> p.repository().history(upTo));
    return ApiResponse.ok(new JsonArray(commits.stream()
        .filter(c -> since.map(s -> !c.at().isBefore(s)).orElse(true))
        .filter(c -> until.map(u -> !c.at().isAfter(u)).orElse(true))
        .map(c -> json.commit(c, p, false)).toList()));
  }

  private static Commit commit(Project p, String ref, String what) {
    return p.repository().resolve(ref, p.defaultBranch()).orElseThrow(() -> ApiError.notFound(what));
  }

  private static RepoFile file(Project p, Commit at, String path) {
    return Optional.ofNullable(p.repository().filesAt(at).get(path))
        .orElseThrow(() -> ApiError.notFound("File"));
  }
}
