package dev.pdm.sandbox.api;

import dev.pdm.sandbox.state.Commit;
import dev.pdm.sandbox.state.Deployment;
import dev.pdm.sandbox.state.Environment;
import dev.pdm.sandbox.state.Group;
import dev.pdm.sandbox.state.Hook;
import dev.pdm.sandbox.state.Issue;
import dev.pdm.sandbox.state.Job;
import dev.pdm.sandbox.state.LabelEvent;
import dev.pdm.sandbox.state.MergeRequest;
import dev.pdm.sandbox.state.Note;
import dev.pdm.sandbox.state.Pipeline;
import dev.pdm.sandbox.state.Project;
import dev.pdm.sandbox.state.RepoFile;
import dev.pdm.sandbox.state.User;
import dev.pdm.sandbox.state.Variable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Renders sandbox state as GitLab REST API v4 JSON, with GitLab's field names and types. */
public final class GitLabJson {
  private static final JsonObject PROJECT_DEFAULTS = resource("project-defaults.json");
  private static final JsonObject USER_DEFAULTS = resource("user-defaults.json");

  private final String baseUrl;

  public GitLabJson(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** The web URL of a path on the sandbox's "GitLab". */
  public String web(String path) {
    return baseUrl + "/" + path;
  }

  // --- users

  /** UserBasic: as nested in most objects. */
  public JsonObject user(User u) {
    return new JsonObject().put("id", u.id()).put("username", u.username()).put("name", u.name())
        .put("state", "active").put("locked", false)
        .put("avatar_url", "https://www.gravatar.com/avatar/" + md5(u.email()) + "?s=80&d=identicon")
        .put("web_url", web(u.username()));
  }

  /** User with the public profile fields, as nested in jobs and deployables. */
  public JsonObject userWithProfile(User u, Instant createdAt) {
    return user(u).put("created_at", GitLabTime.rest(createdAt)).put("bio", "")
        .put("location", "").put("public_email", "").put("skype", "").put("linkedin", "")
        .put("twitter", "").put("discord", "").put("website_url", "").put("organization", "")
        .put("job_title", "").put("pronouns", null).put("bot", false)
        .put("work_information", null).put("followers", 0).put("following", 0)
        .put("local_time", null);
  }

  /** The authenticated user, as {@code GET /user} returns it. */
  public JsonObject currentUser(User u, Instant createdAt) {
    JsonObject json = USER_DEFAULTS.copy().mergeIn(userWithProfile(u, createdAt));
    String created = GitLabTime.rest(createdAt);
    return json.put("email", u.email()).put("public_email", u.email())
        .put("commit_email", u.email()).put("last_sign_in_at", created)
        .put("confirmed_at", created).put("current_sign_in_at", created)
        .put("last_activity_on", created.substring(0, 10)).put("namespace_id", u.id());
  }

  public JsonObject member(Group.Member m, Instant createdAt) {
    return user(m.user()).put("access_level", m.accessLevel())
        .put("created_at", GitLabTime.rest(createdAt)).put("created_by", null)
        .put("expires_at", null).put("membership_state", "active");
  }

  // --- projects

  public JsonObject project(Project p, int openIssues) {
    String api = baseUrl + "/api/v4/projects/" + p.id();
    String created = GitLabTime.rest(p.createdAt());
    String namespace = p.namespacePath();
    return PROJECT_DEFAULTS.copy()
        .put("id", p.id()).put("description", p.description())
        .put("description_html", p.description().isEmpty() ? "" : "<p>" + p.description() + "</p>")
        .put("name", p.name()).put("name_with_namespace", namespace.replace("/", " / ") + " / "
            + p.name())
        .put("path", p.slug()).put("path_with_namespace", p.path())
        .put("created_at", created).put("updated_at", created).put("last_activity_at", created)
        .put("default_branch", p.defaultBranch())
        .put("ssh_url_to_repo", "git@" + host() + ":" + p.path() + ".git")
        .put("http_url_to_repo", web(p.path()) + ".git").put("web_url", web(p.path()))
        .put("container_registry_image_prefix", host() + ":5050/" + p.path())
        .put("empty_repo", p.repository().commits().isEmpty())
        .put("open_issues_count", openIssues)
        .put("creator_id", 1)
        .put("namespace", new JsonObject().put("id", Math.abs(namespace.hashCode()) % 100000)
            .put("name", namespace.substring(namespace.lastIndexOf('/') + 1))
            .put("path", namespace.substring(namespace.lastIndexOf('/') + 1))
            .put("kind", "group").put("full_path", namespace).put("parent_id", null)
            .put("avatar_url", null).put("web_url", web("groups/" + namespace)))
        .put("_links", new JsonObject().put("self", api).put("issues", api + "/issues")
            .put("merge_requests", api + "/merge_requests")
            .put("repo_branches", api + "/repository/branches").put("labels", api + "/labels")
            .put("events", api + "/events").put("members", api + "/members")
            .put("cluster_agents", api + "/cluster_agents"))
        .put("owner", null)
        .put("statistics", PROJECT_DEFAULTS.getJsonObject("statistics").copy()
            .put("commit_count", p.repository().commits().size()));
  }

  // --- pipelines and jobs

  /** Pipeline as listed (PipelineBasic). */
  public JsonObject pipelineBasic(Pipeline p) {
    return new JsonObject().put("id", p.id).put("iid", p.iid).put("project_id", p.project.id())
        .put("sha", p.sha).put("ref", p.ref).put("status", p.status()).put("source", p.source)
        .put("created_at", GitLabTime.rest(p.createdAt))
        .put("updated_at", GitLabTime.rest(p.updatedAt()))
        .put("web_url", web(p.project.path() + "/-/pipelines/" + p.id));
  }

  /** Pipeline with details, as {@code GET /pipelines/:id} and create/retry/cancel return it. */
  public JsonObject pipeline(Pipeline p) {
    return pipelineBasic(p).put("before_sha", "0000000000000000000000000000000000000000")
        .put("tag", false).put("yaml_errors", null).put("user", user(p.user))
        .put("started_at", GitLabTime.rest(p.startedAt()))
        .put("finished_at", GitLabTime.rest(p.finishedAt()))
        .put("committed_at", null)
        .put("duration", p.durationSeconds().orElse(null))
        .put("queued_duration", p.queuedDurationSeconds().orElse(null))
        .put("coverage", null)
        .put("detailed_status", detailedStatus(p.status(),
            "/" + p.project.path() + "/-/pipelines/" + p.id))
        .put("name", null);
  }

  public JsonObject detailedStatus(String status, String path) {
    String text = switch (status) {
      case "success" -> "passed";
      case "canceled" -> "canceled";
      default -> status;
    };
    return new JsonObject().put("icon", "status_" + status).put("text", text)
        .put("label", text).put("group", status).put("tooltip", text)
        .put("has_details", true).put("details_path", path).put("illustration", null)
        .put("favicon", "/assets/ci_favicons/favicon_status_" + status + ".png");
  }

  public JsonObject variable(Variable v) {
    return new JsonObject().put("variable_type", v.variableType()).put("key", v.key())
        .put("value", v.value());
  }

  public JsonObject job(Job j) {
    Pipeline p = j.pipeline;
    Commit commit = p.project.repository().commit(p.sha).orElse(null);
    return new JsonObject().put("id", j.id).put("status", j.status()).put("stage", j.stage)
        .put("name", j.name).put("ref", p.ref).put("tag", false).put("coverage", null)
        .put("allow_failure", false)
        .put("created_at", GitLabTime.rest(j.createdAt))
        .put("started_at", GitLabTime.rest(j.startedAt()))
        .put("finished_at", GitLabTime.rest(j.finishedAt()))
        .put("erased_at", null)
        .put("duration", j.duration().orElse(null))
        .put("queued_duration", j.queuedDuration().orElse(null))
        .put("user", userWithProfile(p.user, p.project.createdAt()))
        .put("commit", commit != null ? commit(commit, p.project, false) : new JsonObject()
            .put("id", p.sha).put("short_id", p.sha.substring(0, 8)).put("created_at",
                GitLabTime.rest(p.createdAt)).put("parent_ids", new JsonArray())
            .put("title", "Pipeline for " + p.ref).put("message", "Pipeline for " + p.ref)
            .put("author_name", p.user.name()).put("author_email", p.user.email())
            .put("authored_date", GitLabTime.rest(p.createdAt))
            .put("committer_name", p.user.name()).put("committer_email", p.user.email())
            .put("committed_date", GitLabTime.rest(p.createdAt))
            .put("trailers", new JsonObject()).put("extended_trailers", new JsonObject())
            .put("web_url", web(p.project.path() + "/-/commit/" + p.sha)))
        .put("pipeline", new JsonObject().put("id", p.id).put("iid", p.iid)
            .put("project_id", p.project.id()).put("sha", p.sha).put("ref", p.ref)
            .put("status", p.status()).put("source", p.source)
            .put("created_at", GitLabTime.rest(p.createdAt))
            .put("updated_at", GitLabTime.rest(p.updatedAt()))
            .put("web_url", web(p.project.path() + "/-/pipelines/" + p.id)))
        .put("failure_reason", j.failureReason().orElse(null))
        .put("web_url", web(p.project.path() + "/-/jobs/" + j.id))
        .put("project", new JsonObject().put("id", p.project.id()).put("name", p.project.name())
            .put("description", p.project.description())
            .put("name_with_namespace", p.project.namespacePath().replace("/", " / ") + " / "
                + p.project.name())
            .put("path", p.project.slug()).put("path_with_namespace", p.project.path())
            .put("created_at", GitLabTime.rest(p.project.createdAt()))
            .put("ci_job_token_scope_enabled", false))
        .put("artifacts", new JsonArray().add(new JsonObject().put("file_type", "trace")
            .put("size", j.traceText().length()).put("filename", "job.log").put("file_format", "raw")))
        .put("artifacts_expire_at", null).put("archived", false)
        .put("tag_list", new JsonArray().add("gitlab-org").add("sandbox"))
        .put("runner", new JsonObject().put("id", 12270859).put("description",
                "sandbox-runner-1").put("ip_address", null).put("active", true)
            .put("paused", false).put("is_shared", true).put("runner_type", "instance_type")
            .put("name", "gitlab-runner").put("online", true).put("status", "online"))
        .put("runner_manager", null);
  }

  // --- repository

  public JsonObject commit(Commit c, Project p, boolean withStats) {
    JsonObject json = new JsonObject().put("id", c.sha()).put("short_id", c.shortId())
        .put("created_at", GitLabTime.rest(c.at()))
        .put("parent_ids", new JsonArray(c.parentIds()))
        .put("title", c.title()).put("message", c.message())
        .put("author_name", c.author().name()).put("author_email", c.author().email())
        .put("authored_date", GitLabTime.rest(c.at()))
        .put("committer_name", c.author().name()).put("committer_email", c.author().email())
        .put("committed_date", GitLabTime.rest(c.at()))
        .put("trailers", new JsonObject()).put("extended_trailers", new JsonObject())
        .put("web_url", web(p.path() + "/-/commit/" + c.sha()));
    if (withStats) {
      json.put("url", json.getString("web_url"));
      int additions = c.files().stream().mapToInt(f -> f.content().split("\n").length).sum();
      json.put("stats", new JsonObject().put("additions", additions).put("deletions", 0)
          .put("total", additions)).put("status", null).put("project_id", p.id())
          .put("last_pipeline", null);
    }
    return json;
  }

  /** A file's diff: all added when it is new, else its old lines removed and new ones added. */
  public JsonObject diff(Optional<RepoFile> before, RepoFile f) {
    String[] lines = f.content().split("\n");
    String[] old = before.map(b -> b.content().split("\n")).orElse(new String[0]);
    StringBuilder diff = new StringBuilder("@@ -" + (old.length == 0 ? "0,0" : "1," + old.length)
        + " +1," + lines.length + " @@\n");
    for (String line : old) {
      diff.append('-').append(line).append('\n');
    }
    for (String line : lines) {
      diff.append('+').append(line).append('\n');
    }
    return new JsonObject().put("diff", diff.toString()).put("collapsed", false)
        .put("too_large", false).put("new_path", f.path()).put("old_path", f.path())
        .put("a_mode", before.isPresent() ? "100644" : "0").put("b_mode", "100644")
        .put("new_file", before.isEmpty()).put("renamed_file", false)
        .put("deleted_file", false).put("generated_file", false);
  }

  public JsonObject file(RepoFile f, Commit at, Commit lastCommit) {
    byte[] content = f.content().getBytes(StandardCharsets.UTF_8);
    return new JsonObject().put("file_name", f.path().substring(f.path().lastIndexOf('/') + 1))
        .put("file_path", f.path()).put("size", content.length).put("encoding", "base64")
        .put("content_sha256", sha256(content)).put("ref", at.sha())
        .put("blob_id", sha256(content).substring(0, 40)).put("commit_id", at.sha())
        .put("last_commit_id", lastCommit.sha()).put("execute_filemode", false)
        .put("content", Base64.getEncoder().encodeToString(content));
  }

  // --- merge requests

  public JsonObject mergeRequest(MergeRequest mr) {
    Project p = mr.project;
    boolean merged = "merged".equals(mr.state());
    String mergedAt = GitLabTime.rest(mr.mergedAt());
    return new JsonObject().put("id", mr.id).put("iid", mr.iid).put("project_id", p.id())
        .put("title", mr.title).put("description", mr.description).put("state", mr.state())
        .put("created_at", GitLabTime.rest(mr.createdAt))
        .put("updated_at", GitLabTime.rest(mr.updatedAt()))
        .put("merged_by", mr.mergedBy().map(this::user).orElse(null))
        .put("merge_user", mr.mergedBy().map(this::user).orElse(null))
        .put("merged_at", mergedAt).put("closed_by", null).put("closed_at", null)
        .put("target_branch", p.defaultBranch()).put("source_branch", mr.sourceBranch)
        .put("user_notes_count", 3).put("upvotes", 0).put("downvotes", 0)
        .put("author", user(mr.author).put("email", mr.author.email())
            .put("created_at", GitLabTime.rest(p.createdAt())))
        .put("assignees", new JsonArray().add(user(mr.author)))
        .put("assignee", user(mr.author).put("email", mr.author.email())
            .put("created_at", GitLabTime.rest(p.createdAt())))
        .put("reviewers", new JsonArray(mr.approvedBy.stream().map(this::user).toList()))
        .put("source_project_id", p.id()).put("target_project_id", p.id())
        .put("labels", new JsonArray(mr.labels())).put("draft", false)
        .put("work_in_progress", false).put("milestone", null)
        .put("merge_when_pipeline_succeeds", false).put("merge_status", "can_be_merged")
        .put("detailed_merge_status", merged ? "not_open" : "mergeable")
        .put("merge_after", null).put("sha", mr.commit.sha())
        .put("merge_commit_sha", mr.mergeCommit().map(Commit::sha).orElse(null))
        .put("squash_commit_sha", null).put("discussion_locked", false)
        .put("should_remove_source_branch", true).put("force_remove_source_branch", true)
        .put("prepared_at", GitLabTime.rest(mr.createdAt))
        .put("allow_collaboration", false).put("allow_maintainer_to_push", false)
        .put("reference", "!" + mr.iid)
        .put("references", new JsonObject().put("short", "!" + mr.iid)
            .put("relative", "!" + mr.iid).put("full", p.path() + "!" + mr.iid))
        .put("web_url", web(p.path() + "/-/merge_requests/" + mr.iid))
        .put("time_stats", new JsonObject().put("time_estimate", 0).put("total_time_spent", 0)
            .put("human_time_estimate", null).put("human_total_time_spent", null))
        .put("squash", false).put("squash_on_merge", false)
        .put("task_completion_status", new JsonObject().put("count", 0)
            .put("completed_count", 0))
        .put("has_conflicts", false).put("blocking_discussions_resolved", true)
        .put("approvals_before_merge", null).put("subscribed", false)
        .put("changes_count", Integer.toString(mr.commit.files().size()))
        .put("latest_build_started_at", GitLabTime.rest(mr.commit.at()))
        .put("latest_build_finished_at", GitLabTime.rest(mr.commit.at()))
        .put("first_deployed_to_production_at", null).put("pipeline", null)
        .put("head_pipeline", null)
        .put("diff_refs", new JsonObject()
            .put("base_sha", mr.commit.firstParent().orElse(mr.commit.sha()))
            .put("head_sha", mr.commit.sha())
            .put("start_sha", mr.commit.firstParent().orElse(mr.commit.sha())))
        .put("merge_error", null).put("first_contribution", false).put("user", new JsonObject()
            .put("can_merge", true))
        .put("diverged_commits_count", 0).put("rebase_in_progress", false);
  }

  /** {@code GET .../approvals}. */
  public JsonObject approvals(MergeRequest mr) {
    return new JsonObject().put("id", mr.id).put("iid", mr.iid)
        .put("project_id", mr.project.id()).put("title", mr.title)
        .put("description", mr.description).put("state", mr.state())
        .put("created_at", GitLabTime.rest(mr.createdAt))
        .put("updated_at", GitLabTime.rest(mr.updatedAt()))
        .put("merge_status", "can_be_merged").put("approved", !mr.approvedBy.isEmpty())
        .put("approvals_required", 1)
        .put("approvals_left", mr.approvedBy.isEmpty() ? 1 : 0)
        .put("require_password_to_approve", false)
        .put("approved_by", new JsonArray(mr.approvedBy.stream()
            .map(u -> new JsonObject().put("user", user(u))).toList()))
        .put("suggested_approvers", new JsonArray()).put("approvers", new JsonArray())
        .put("approver_groups", new JsonArray()).put("user_has_approved", false)
        .put("user_can_approve", false).put("approval_rules_left", new JsonArray())
        .put("has_approval_rules", true).put("merge_request_approvers_available", true)
        .put("multiple_approval_rules_available", true).put("invalid_approvers_rules",
            new JsonArray());
  }

  /** {@code GET .../approval_state}, with the database maintainers' rule. */
  public JsonObject approvalState(MergeRequest mr, Optional<Group> maintainers) {
    JsonArray eligible = new JsonArray(maintainers.map(g -> g.members().stream()
        .map(m -> user(m.user())).toList()).orElse(List.of()));
    JsonArray approvers = new JsonArray(mr.approvedBy.stream().map(this::user).toList());
    JsonArray groups = new JsonArray(maintainers.map(g -> List.of(new JsonObject()
        .put("id", g.id()).put("name", g.name()).put("path", g.path())
        .put("full_path", g.path()).put("web_url", web("groups/" + g.path()))))
        .orElse(List.of()));
    return new JsonObject().put("approval_rules_overwritten", false).put("rules", new JsonArray()
        .add(new JsonObject().put("id", mr.id * 10 + 1).put("name", "database")
            .put("rule_type", "code_owner").put("section", "Database")
            .put("eligible_approvers", eligible).put("approvals_required", 1)
            .put("users", eligible.copy()).put("groups", groups)
            .put("contains_hidden_groups", false).put("approved_by", approvers)
            .put("source_rule", null).put("approved", !mr.approvedBy.isEmpty())
            .put("overridden", false).put("code_owner", true)));
  }

  public JsonObject labelEvent(LabelEvent e) {
    return new JsonObject().put("id", e.id()).put("user", user(e.user()))
        .put("created_at", GitLabTime.rest(e.at())).put("resource_type", e.resourceType())
        .put("resource_id", e.resourceId())
        .put("label", new JsonObject().put("id", e.label().id()).put("name", e.label().name())
            .put("color", e.label().color()).put("description", ""))
        .put("action", e.action());
  }

  // --- environments and deployments

  public JsonObject environment(Environment e, Optional<Deployment> last) {
    return environmentBasic(e).put("description", null).put("slug", e.slug())
        .put("external_url", e.externalUrl()).put("state", "available").put("tier", e.tier())
        .put("created_at", GitLabTime.rest(e.createdAt()))
        .put("updated_at", GitLabTime.rest(last.map(Deployment::updatedAt).orElse(e.createdAt())))
        .put("enable_advanced_logs_querying", false).put("logs_api_path", null)
        .put("auto_stop_at", null).put("kubernetes_namespace", null).put("flux_resource_path", null)
        .put("last_deployment", last.map(this::deploymentWithoutEnvironment).orElse(null))
        .put("project", null);
  }

  private JsonObject environmentBasic(Environment e) {
    return new JsonObject().put("id", e.id()).put("name", e.name())
        .put("external_url", e.externalUrl());
  }

  public JsonObject deployment(Deployment d) {
    JsonObject env = environmentBasic(d.environment).put("slug", d.environment.slug())
        .put("state", "available").put("tier", d.environment.tier())
        .put("created_at", GitLabTime.rest(d.environment.createdAt()))
        .put("updated_at", GitLabTime.rest(d.updatedAt()));
    return deploymentWithoutEnvironment(d).put("environment", env);
  }

  private JsonObject deploymentWithoutEnvironment(Deployment d) {
    return new JsonObject().put("id", d.id).put("iid", d.iid).put("ref", d.ref).put("sha", d.sha)
        .put("created_at", GitLabTime.rest(d.createdAt))
        .put("updated_at", GitLabTime.rest(d.updatedAt())).put("status", d.status())
        .put("user", user(d.user)).put("deployable", null);
  }

  // --- issues and notes

  public JsonObject issue(Issue i) {
    Project p = i.project;
    return new JsonObject().put("id", i.id).put("iid", i.iid).put("project_id", p.id())
        .put("title", i.title()).put("description", i.description()).put("state", i.state())
        .put("created_at", GitLabTime.rest(i.createdAt))
        .put("updated_at", GitLabTime.rest(i.updatedAt()))
        .put("closed_at", GitLabTime.rest(i.closedAt()))
        .put("closed_by", i.closedBy().map(this::user).orElse(null))
        .put("labels", new JsonArray(i.labels())).put("milestone", null)
        .put("assignees", new JsonArray()).put("author", user(i.author)).put("type",
            i.issueType.toUpperCase(java.util.Locale.ROOT))
        .put("assignee", null).put("user_notes_count", i.notes().size())
        .put("merge_requests_count", 0).put("upvotes", 0).put("downvotes", 0)
        .put("due_date", null).put("confidential", i.confidential())
        .put("discussion_locked", null)
        .put("issue_type", i.issueType)
        .put("web_url", web(p.path() + "/-/" + ("incident".equals(i.issueType)
            ? "issues/incident/" : "issues/") + i.iid))
        .put("time_stats", new JsonObject().put("time_estimate", 0).put("total_time_spent", 0)
            .put("human_time_estimate", null).put("human_total_time_spent", null))
        .put("task_completion_status", new JsonObject().put("count", 0)
            .put("completed_count", 0))
        .put("weight", null).put("blocking_issues_count", 0).put("has_tasks", false)
        .put("task_status", "0 of 0 checklist items completed")
        .put("_links", new JsonObject()
            .put("self", baseUrl + "/api/v4/projects/" + p.id() + "/issues/" + i.iid)
            .put("notes", baseUrl + "/api/v4/projects/" + p.id() + "/issues/" + i.iid + "/notes")
            .put("award_emoji", baseUrl + "/api/v4/projects/" + p.id() + "/issues/" + i.iid
                + "/award_emoji")
            .put("project", baseUrl + "/api/v4/projects/" + p.id())
            .put("closed_as_duplicate_of", null))
        .put("references", new JsonObject().put("short", "#" + i.iid)
            .put("relative", "#" + i.iid).put("full", p.path() + "#" + i.iid))
        .put("severity", i.severity().toUpperCase(java.util.Locale.ROOT)).put("subscribed", false)
        .put("moved_to_id", null).put("imported", false).put("imported_from", "none")
        .put("service_desk_reply_to", null).put("epic_iid", null).put("epic", null)
        .put("iteration", null).put("health_status", null);
  }

  public JsonObject note(Note n) {
    return new JsonObject().put("id", n.id()).put("type", null).put("body", n.body())
        .put("author", user(n.author()).put("email", n.author().email())
            .put("created_at", GitLabTime.rest(n.createdAt().minusSeconds(86_400L * 900)))).put("created_at", GitLabTime.rest(n.createdAt()))
        .put("updated_at", GitLabTime.rest(n.createdAt())).put("system", false)
        .put("noteable_id", n.noteableId()).put("noteable_type", n.noteableType())
        .put("project_id", n.projectId()).put("resolvable", false).put("resolved", false)
        .put("resolved_by", null).put("resolved_at", null).put("confidential", false)
        .put("internal", false).put("imported", false).put("imported_from", "none")
        .put("noteable_iid", n.noteableIid()).put("commands_changes", new JsonObject())
        .put("upvote", false).put("downvote", false);
  }

  public JsonObject hook(Hook h) {
    return new JsonObject().put("id", h.id()).put("url", h.url()).put("name", null)
        .put("description", "").put("created_at", GitLabTime.rest(h.createdAt()))
        .put("project_id", h.projectId()).put("push_events", h.pushEvents())
        .put("push_events_branch_filter", "").put("branch_filter_strategy", "wildcard")
        .put("issues_events", h.issuesEvents())
        .put("confidential_issues_events", h.confidentialIssuesEvents())
        .put("merge_requests_events", h.mergeRequestsEvents()).put("tag_push_events", false)
        .put("note_events", h.noteEvents()).put("confidential_note_events", false)
        .put("job_events", h.jobEvents()).put("pipeline_events", h.pipelineEvents())
        .put("wiki_page_events", false).put("deployment_events", h.deploymentEvents())
        .put("releases_events", false).put("feature_flag_events", false)
        .put("enable_ssl_verification", h.enableSslVerification()).put("alert_status",
            "executable").put("disabled_until", null).put("url_variables", new JsonArray())
        .put("resource_access_token_events", false).put("custom_webhook_template", null)
        .put("emoji_events", false);
  }

  private String host() {
    return baseUrl.replaceFirst("^https?://", "").replaceFirst(":\\d+$", "");
  }

  private static String md5(String text) {
    return digest("MD5", text.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256(byte[] bytes) {
    return digest("SHA-256", bytes);
  }

  static String digest(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every JRE", e);
    }
  }

  private static JsonObject resource(String name) {
    try (InputStream in = GitLabJson.class.getResourceAsStream(name)) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
