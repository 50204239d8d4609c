package dev.pdm.sandbox.hooks;

import dev.pdm.sandbox.state.Commit;
import dev.pdm.sandbox.state.Deployment;
import dev.pdm.sandbox.state.Issue;
import dev.pdm.sandbox.state.IssueChange;
import dev.pdm.sandbox.state.Job;
import dev.pdm.sandbox.state.Label;
import dev.pdm.sandbox.state.Pipeline;
import dev.pdm.sandbox.state.Project;
import dev.pdm.sandbox.state.User;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Function;

/**
 * Webhook payloads shaped like GitLab's documented examples, each with its own timestamp
 * format: {@code 2016-08-12 15:23:28 UTC} (pipeline), {@code 2021-02-23T02:41:37.886Z} (job),
 * {@code 2021-04-28 21:50:00 +0000} (deployment), {@code 2013-12-03T17:15:43Z} (issue; its
 * {@code changes} use the pipeline format).
 */
public final class HookPayloads {
  private static final DateTimeFormatter PIPELINE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter JOB_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ISO_SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CHANGE_TIME = PIPELINE_TIME;
  private static final DateTimeFormatter DEPLOYMENT_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z").withZone(ZoneOffset.UTC);
  private static final int PRIVATE = 0;

  private final String baseUrl;
  private final Function<String, Label> labels;

  /** Payloads linking to {@code baseUrl}, with labels as {@code labels} knows them. */
  public HookPayloads(String baseUrl, Function<String, Label> labels) {
    this.baseUrl = baseUrl;
    this.labels = labels;
  }

  public JsonObject pipeline(Pipeline p) {
    Optional<Commit> commit = p.project.repository().commit(p.sha);
    return new JsonObject().put("object_kind", "pipeline")
        .put("object_attributes", new JsonObject().put("id", p.id).put("iid", p.iid)
            .put("name", null).put("ref", p.ref).put("tag", false).put("sha", p.sha)
            .put("before_sha", "0000000000000000000000000000000000000000")
            .put("source", p.source).put("status", p.status())
            .put("detailed_status", detailed(p.status()))
            .put("stages", new JsonArray(p.stages))
            .put("created_at", time(PIPELINE_TIME, p.createdAt))
            .put("finished_at", p.finishedAt().map(t -> time(PIPELINE_TIME, t)).orElse(null))
            .put("duration", p.durationSeconds().orElse(null))
            .put("queued_duration", p.queuedDurationSeconds().orElse(null))
            .put("variables", new JsonArray(p.variables.stream().map(v -> new JsonObject()
                .put("key", v.key()).put("value", v.value())).toList()))
            .put("url", web(p.project.path() + "/-/pipelines/" + p.id)))
        .put("merge_request", null)
        .put("user", user(p.user).put("username", p.user.username()))
        .put("project", project(p.project))
        .put("commit", new JsonObject().put("id", p.sha)
            .put("message", commit.map(Commit::message).orElse("Pipeline for " + p.ref))
            .put("title", commit.map(Commit::title).orElse("Pipeline for " + p.ref))
            .put("timestamp", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                commit.map(Commit::at).orElse(p.createdAt).atOffset(ZoneOffset.UTC)))
            .put("url", web(p.project.path() + "/-/commit/" + p.sha))
            .put("author", new JsonObject()
                .put("name", commit.map(c -> c.author().name()).orElse(p.user.name()))
                .put("email", commit.map(c -> c.author().email()).orElse(p.user.email()))))
        .put("builds", new JsonArray(p.latestJobs().stream().map(this::build).toList()));
  }

  private JsonObject build(Job j) {
    boolean ran = j.startedAt().isPresent();
    return new JsonObject().put("id", j.id).put("stage", j.stage).put("name", j.name)
        .put("status", j.status()).put("created_at", time(PIPELINE_TIME, j.createdAt))
        .put("started_at", j.startedAt().map(t -> time(PIPELINE_TIME, t)).orElse(null))
        .put("finished_at", j.finishedAt().map(t -> time(PIPELINE_TIME, t)).orElse(null))
        .put("duration", j.duration().orElse(null))
        .put("queued_duration", j.queuedDuration().orElse(null))
        .put("failure_reason", j.failureReason().orElse(null)).put("when", "on_success")
        .put("manual", false).put("allow_failure", false)
        .put("user", user(j.pipeline.user).put("username", j.pipeline.user.username()))
        .put("runner", ran ? runner() : null)
        .put("artifacts_file", new JsonObject().put("filename", null).put("size", null))
        .put("environment", null);
  }

  public JsonObject job(Job j) {
    Pipeline p = j.pipeline;
    Optional<Commit> commit = p.project.repository().commit(p.sha);
    return new JsonObject().put("object_kind", "build").put("ref", p.ref).put("tag", false)
        .put("before_sha", "0000000000000000000000000000000000000000").put("sha", p.sha)
        .put("build_id", j.id).put("build_name", j.name).put("build_stage", j.stage)
        .put("build_status", j.status())
        .put("build_created_at", time(JOB_TIME, j.createdAt))
        .put("build_created_at_iso", time(ISO_SECONDS, j.createdAt))
        .put("build_started_at", j.startedAt().map(t -> time(JOB_TIME, t)).orElse(null))
        .put("build_started_at_iso", j.startedAt().map(t -> time(ISO_SECONDS, t)).orElse(null))
        .put("build_finished_at", j.finishedAt().map(t -> time(JOB_TIME, t)).orElse(null))
        .put("build_finished_at_iso", j.finishedAt().map(t -> time(ISO_SECONDS, t))
            .orElse(null))
        .put("build_duration", j.duration().orElse(null))
        .put("build_queued_duration", j.queuedDuration().orElse(null))
        .put("build_allow_failure", false)
        .put("build_failure_reason", j.failureReason().orElse("unknown_failure"))
        .put("retries_count", (int) p.allJobs().stream()
            .filter(o -> o.name.equals(j.name) && o.id < j.id).count())
        .put("pipeline_id", p.id).put("project_id", p.project.id())
        .put("project_name", p.project.namespacePath().replace("/", " / ") + " / "
            + p.project.name())
        .put("user", user(p.user))
        .put("commit", new JsonObject().put("id", p.id).put("name", null).put("sha", p.sha)
            .put("message", commit.map(Commit::message).orElse("Pipeline for " + p.ref))
            .put("author_name", commit.map(c -> c.author().name()).orElse(p.user.name()))
            .put("author_email", commit.map(c -> c.author().email()).orElse(p.user.email()))
            .put("author_url", web(commit.map(c -> c.author()).orElse(p.user).username()))
            .put("status", p.status()).put("duration", p.durationSeconds().orElse(null))
            .put("started_at", p.startedAt().map(t -> time(PIPELINE_TIME, t)).orElse(null))
            .put("started_at_iso", p.startedAt().map(t -> time(ISO_SECONDS, t)).orElse(null))
            .put("finished_at", p.finishedAt().map(t -> time(PIPELINE_TIME, t)).orElse(null))
            .put("finished_at_iso", p.finishedAt().map(t -> time(ISO_SECONDS, t))
                .orElse(null)))
        .put("repository", new JsonObject().put("name", p.project.name())
            .put("url", sshUrl(p.project)).put("description", p.project.description())
            .put("homepage", web(p.project.path())).put("git_ssh_url", sshUrl(p.project))
            .put("git_http_url", web(p.project.path()) + ".git")
            .put("visibility_level", PRIVATE))
        .put("project", project(p.project))
        .put("runner", j.startedAt().isPresent() ? runner() : null)
        .put("environment", null);
  }

  public JsonObject deployment(Deployment d) {
    Project p = d.project();
    return new JsonObject().put("object_kind", "deployment").put("status", d.status())
        .put("status_changed_at", time(DEPLOYMENT_TIME, d.updatedAt()))
        .put("deployment_id", d.id).put("deployable_id", null).put("deployable_url", null)
        .put("environment", d.environment.name())
        .put("environment_tier", d.environment.tier())
        .put("environment_slug", d.environment.slug())
        .put("environment_external_url", d.environment.externalUrl())
        .put("project", projectWithUrls(p))
        .put("short_sha", d.sha.substring(0, 8))
        .put("user", user(d.user).put("username", d.user.username()))
        .put("user_url", web(d.user.username()))
        .put("commit_url", web(p.path() + "/-/commit/" + d.sha))
        .put("commit_title", d.commit.map(Commit::title).orElse(""));
  }

  /**
   * An Issue Hook: the issue as it is now, what the change did ({@code object_attributes.action}
   * open, update, close or reopen) and, field by field, what it changed.
   */
  public JsonObject issue(IssueChange change) {
    Issue i = change.issue();
    Project p = i.project;
    JsonArray labels = new JsonArray(i.labels().stream().map(l -> label(l, p)).toList());
    JsonObject attributes = new JsonObject().put("id", i.id).put("title", i.title())
        .put("assignee_ids", new JsonArray()).put("assignee_id", null)
        .put("author_id", i.author.id()).put("project_id", p.id())
        .put("created_at", time(ISO_SECONDS, i.createdAt))
        .put("updated_at", time(ISO_SECONDS, i.updatedAt()))
        .put("updated_by_id", i.updatedBy().map(User::id).orElse(null))
        .put("last_edited_at", null).put("last_edited_by_id", null)
        .put("relative_position", i.iid * 513).put("description", i.description())
        .put("milestone_id", null).put("state_id", "opened".equals(i.state()) ? 1 : 2)
        .put("confidential", i.confidential()).put("discussion_locked", false)
        .put("due_date", null).put("moved_to_id", null).put("duplicated_to_id", null)
        .put("time_estimate", 0).put("total_time_spent", 0).put("time_change", 0)
        .put("human_total_time_spent", null).put("human_time_estimate", null)
        .put("human_time_change", null).put("weight", null).put("health_status", null)
        .put("type", workItemType(i.issueType)).put("iid", i.iid)
        .put("url", web(p.path() + "/-/issues/" + i.iid)).put("state", i.state())
        .put("action", change.action()).put("severity", i.severity())
        .put("labels", labels);
    if ("incident".equals(i.issueType)) {
      attributes.put("escalation_status", "opened".equals(i.state()) ? "triggered" : "resolved")
          .put("escalation_policy", null);
    }
    return new JsonObject().put("object_kind", "issue").put("event_type",
            i.confidential() ? "confidential_issue" : "issue")
        .put("user", user(change.user()).put("username", change.user().username()))
        .put("project", projectWithUrls(p)).put("object_attributes", attributes)
        .put("repository", new JsonObject().put("name", p.name())
            .put("url", web(p.path()) + ".git").put("description", p.description())
            .put("homepage", web(p.path())))
        .put("assignees", new JsonArray()).put("assignee", null)
        .put("labels", labels.copy()).put("changes", changes(change, p));
  }

  /** {@code {field: {previous, current}}} for each field the change altered. */
  private JsonObject changes(IssueChange change, Project p) {
    Issue.Fields now = change.issue().fields();
    JsonObject changes = new JsonObject();
    Issue.Fields before = change.before().orElse(null);
    if (before == null) {
      Issue i = change.issue();
      return changes.put("author_id", pair(null, i.author.id()))
          .put("created_at", pair(null, time(CHANGE_TIME, i.createdAt)))
          .put("description", pair(null, i.description())).put("id", pair(null, i.id))
          .put("iid", pair(null, i.iid)).put("project_id", pair(null, p.id()))
          .put("title", pair(null, i.title()))
          .put("updated_at", pair(null, time(CHANGE_TIME, i.updatedAt())));
    }
    if (!before.title().equals(now.title())) {
      changes.put("title", pair(before.title(), now.title()));
    }
    if (!before.description().equals(now.description())) {
      changes.put("description", pair(before.description(), now.description()));
    }
    if (before.confidential() != now.confidential()) {
      changes.put("confidential", pair(before.confidential(), now.confidential()));
    }
    if (!before.state().equals(now.state())) {
      changes.put("state_id", pair("opened".equals(before.state()) ? 1 : 2,
              "opened".equals(now.state()) ? 1 : 2))
          .put("closed_at", pair(Optional.ofNullable(before.closedAt())
              .map(t -> time(CHANGE_TIME, t)).orElse(null), Optional.ofNullable(now.closedAt())
              .map(t -> time(CHANGE_TIME, t)).orElse(null)));
    }
    if (!before.labels().equals(now.labels())) {
      changes.put("labels", new JsonObject()
          .put("previous", new JsonArray(before.labels().stream().map(l -> label(l, p)).toList()))
          .put("current", new JsonArray(now.labels().stream().map(l -> label(l, p)).toList())));
    }
    return changes.put("updated_at", pair(time(CHANGE_TIME, before.updatedAt()),
            time(CHANGE_TIME, now.updatedAt())))
        .put("updated_by_id", pair(Optional.ofNullable(before.updatedBy()).map(User::id)
            .orElse(null), change.user().id()));
  }

  private static JsonObject pair(Object previous, Object current) {
    return new JsonObject().put("previous", previous).put("current", current);
  }

  private JsonObject label(String name, Project p) {
    Label l = labels.apply(name);
    return new JsonObject().put("id", l.id()).put("title", l.name()).put("color", l.color())
        .put("project_id", p.id()).put("created_at", time(ISO_SECONDS, l.createdAt()))
        .put("updated_at", time(ISO_SECONDS, l.createdAt())).put("template", false)
        .put("description", "").put("type", "ProjectLabel").put("group_id", null);
  }

  /** GitLab's work item type name, as Issue Hooks carry it in {@code type}. */
  private static String workItemType(String issueType) {
    return switch (issueType) {
      case "incident" -> "Incident";
      case "test_case" -> "Test Case";
      case "task" -> "Task";
      default -> "Issue";
    };
  }

  private JsonObject projectWithUrls(Project p) {
    return project(p).put("homepage", web(p.path())).put("url", sshUrl(p))
        .put("ssh_url", sshUrl(p)).put("http_url", web(p.path()) + ".git");
  }

  private JsonObject project(Project p) {
    return new JsonObject().put("id", p.id()).put("name", p.name())
        .put("description", p.description()).put("web_url", web(p.path()))
        .put("avatar_url", null).put("git_ssh_url", sshUrl(p))
        .put("git_http_url", web(p.path()) + ".git")
        .put("namespace", p.namespacePath().substring(p.namespacePath().lastIndexOf('/') + 1))
        .put("visibility_level", PRIVATE).put("path_with_namespace", p.path())
        .put("default_branch", p.defaultBranch()).put("ci_config_path", "");
  }

  private JsonObject user(User u) {
    return new JsonObject().put("id", u.id()).put("name", u.name()).put("email", u.email())
        .put("avatar_url", "https://www.gravatar.com/avatar/" + u.id() + "?s=80&d=identicon");
  }

  private static JsonObject runner() {
    return new JsonObject().put("id", 12270859).put("description", "sandbox-runner-1")
        .put("active", true).put("runner_type", "instance_type").put("is_shared", true)
        .put("tags", new JsonArray().add("gitlab-org").add("sandbox"));
  }

  private static String detailed(String status) {
    return switch (status) {
      case "success" -> "passed";
      default -> status;
    };
  }

  private String sshUrl(Project p) {
    return "git@" + baseUrl.replaceFirst("^https?://", "").replaceFirst(":\\d+$", "") + ":"
        + p.path() + ".git";
  }

  private String web(String path) {
    return baseUrl + "/" + path;
  }

  private static String time(DateTimeFormatter format, Instant at) {
    return format.format(at);
  }
}
