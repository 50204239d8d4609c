package dev.pdm.sandbox;

import dev.pdm.sandbox.state.GitLabState;
import dev.pdm.sandbox.state.Job;
import dev.pdm.sandbox.state.Pipeline;
import dev.pdm.sandbox.state.Project;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.stream.Collectors;

/** The whole simulated GitLab as JSON for {@code GET /-/sandbox/state}. */
final class SandboxStateJson {
  private SandboxStateJson() {
  }

  static JsonObject of(GitLabState state) {
    return new JsonObject().put("scenario", state.scenarioName())
        .put("description", state.scenarioDescription()).put("now", state.now().toString())
        .put("schema_migrations", schemaMigrations(state))
        .put("projects", new JsonArray(state.projects().stream().map(p -> project(state, p))
            .toList()));
  }

  /** Per tracked environment, the versions its schema_migrations lists, in order. */
  static JsonObject schemaMigrations(GitLabState state) {
    JsonObject migrations = new JsonObject();
    state.trackedEnvironments().stream().sorted().forEach(env -> migrations.put(env,
        new JsonArray(state.schemaMigrations(env).stream().toList())));
    return migrations;
  }

  private static JsonObject project(GitLabState state, Project p) {
    return new JsonObject().put("id", p.id()).put("path", p.path()).put("role", p.role())
        .put("pipelines", new JsonArray(state.pipelines(p).stream().map(SandboxStateJson::pipeline)
            .toList()))
        .put("deployments", new JsonArray(state.deployments(p).stream().map(d -> new JsonObject()
            .put("id", d.id).put("environment", d.environment.name()).put("sha", d.sha)
            .put("ref", d.ref).put("status", d.status())).toList()))
        .put("merge_requests", new JsonArray(state.mergeRequests(p).stream().map(m ->
            new JsonObject().put("iid", m.iid).put("title", m.title).put("state", m.state())
                .put("sha", m.commit.sha())
                .put("merge_commit_sha", m.mergeCommit().map(c -> c.sha()).orElse(null))
                .put("labels", new JsonArray(m.labels()))).toList()))
        .put("issues", new JsonArray(state.issues(p).stream().map(i -> new JsonObject()
            .put("iid", i.iid).put("title", i.title()).put("issue_type", i.issueType)
            .put("state", i.state()).put("confidential", i.confidential())
            .put("labels", new JsonArray(i.labels()))
            .put("notes", new JsonArray(i.notes().stream().map(n -> n.body()).toList())))
            .toList()));
  }

  private static JsonObject pipeline(Pipeline pl) {
    return new JsonObject().put("id", pl.id).put("ref", pl.ref).put("status", pl.status())
        .put("visible", pl.committed()).put("created_at", pl.createdAt.toString())
        .put("variables", new JsonObject(pl.variables.stream().collect(Collectors.toMap(
            v -> v.key(), v -> (Object) v.value(), (a, b) -> b))))
        .put("jobs", new JsonArray(pl.latestJobs().stream().map(SandboxStateJson::job)
            .toList()))
        .put("retried_jobs", new JsonArray(pl.allJobs().stream().filter(Job::retried)
            .map(SandboxStateJson::job).toList()));
  }

  private static JsonObject job(Job j) {
    return new JsonObject().put("id", j.id).put("name", j.name).put("stage", j.stage)
        .put("status", j.status()).put("trace_bytes", j.traceText().length());
  }
}
