package dev.pdm.core.gitlab;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.gitlab4j.api.models.ApprovalState;
import org.gitlab4j.api.models.Commit;
import org.gitlab4j.api.models.CompareResults;
import org.gitlab4j.api.models.Deployment;
import org.gitlab4j.api.models.Environment;
import org.gitlab4j.api.models.Issue;
import org.gitlab4j.api.models.Job;
import org.gitlab4j.api.models.LabelEvent;
import org.gitlab4j.api.models.Member;
import org.gitlab4j.api.models.MergeRequest;
import org.gitlab4j.api.models.Note;
import org.gitlab4j.api.models.Pipeline;
import org.gitlab4j.api.models.PipelineStatus;
import org.gitlab4j.api.models.Project;
import org.gitlab4j.api.models.RepositoryFile;
import org.gitlab4j.api.models.TreeItem;
import org.gitlab4j.api.models.User;
import org.gitlab4j.api.models.Variable;
import org.gitlab4j.api.models.Version;
import org.gitlab4j.models.Constants.DeploymentStatus;

/**
 * pdm's GitLab REST client: every endpoint pdm uses, non-blocking, returning gitlab4j models. A {@code project}
 * argument is a numeric id or a full path ({@code group/project}); failures are {@link GitLabException}s.
 */
public final class GitLabClient {

  /** How far back a lookup after a failed pipeline create searches, allowing for clock skew with GitLab. */
  private static final Duration LOOKUP_WINDOW = Duration.ofHours(1);

  private final WebClient web;
  private final GitLabTransport transport;
  private final Clock clock;
  private final WriteGuard writes;

  /** A client on {@code vertx} with {@code options}; close it with {@link #close()}. */
  public GitLabClient(Vertx vertx, GitLabClientOptions options) {
    this(vertx, options, Clock.systemUTC());
  }

  /** A client reading time from {@code clock} (for request counting and lookups). */
  public GitLabClient(Vertx vertx, GitLabClientOptions options, Clock clock) {
    this(vertx, options, clock, GitLabRequestListener.NONE);
  }

  /** A client telling {@code listener} about every exchange with GitLab (for metrics). */
  public GitLabClient(Vertx vertx, GitLabClientOptions options, Clock clock, GitLabRequestListener listener) {
    this.web = WebClient.create(vertx, new WebClientOptions().setUserAgent("pdm").setFollowRedirects(false));
    this.transport = new GitLabTransport(vertx, web, options, clock, listener);
    this.clock = clock;
    this.writes = new WriteGuard(vertx, options.timeout());
  }

  /** Releases the connection pool. */
  public void close() {
    web.close();
  }

  /** Requests sent, in total and in the last minute. */
  public RequestRate requestRate() {
    return transport.rate();
  }

  // --- instance -------------------------------------------------------------------------------------------------

  /** {@code GET /version}. */
  public Future<Version> version() {
    return one(ApiRequest.get("/version"), Version.class);
  }

  /** {@code GET /user}: whom the token belongs to. */
  public Future<User> currentUser() {
    return one(ApiRequest.get("/user"), User.class);
  }

  /**
   * The public e-mail of the user with this username: {@code GET /users?username=} finds the user,
   * {@code GET /users/:id} has the public profile. Empty when there is no such user or no public e-mail.
   */
  public Future<Optional<String>> publicEmail(String username) {
    return list(ApiRequest.get("/users").param("username", username), User.class)
        .compose(found -> found.isEmpty() ? Future.succeededFuture(Optional.<String>empty())
            : one(ApiRequest.get("/users/" + found.get(0).getId()), User.class)
                .map(user -> Optional.ofNullable(user.getPublicEmail()).filter(email -> !email.isBlank())));
  }

  /** {@code GET /projects/:id}. */
  public Future<Project> project(String project) {
    return one(ApiRequest.get(projectPath(project)), Project.class);
  }

  /** {@code GET /groups/:id/members/all}: direct and inherited members. */
  public Paged<Member> groupMembers(String group) {
    return paged(ApiRequest.get("/groups/" + ApiRequest.encode(group) + "/members/all"), Member.class);
  }

  // --- pipelines and jobs ---------------------------------------------------------------------------------------

  /** {@code GET /projects/:id/pipelines}, newest first, filtered by whichever of ref/status/updatedAfter is given. */
  public Paged<Pipeline> pipelines(String project, Optional<String> ref, Optional<PipelineStatus> status,
                                   Optional<Instant> updatedAfter) {
    return paged(ApiRequest.get(projectPath(project) + "/pipelines")
        .param("ref", ref)
        .param("status", status.map(PipelineStatus::toValue))
        .param("updated_after", updatedAfter)
        .param("order_by", "id").param("sort", "desc"), Pipeline.class);
  }

  /** {@code GET /projects/:id/pipelines/:pipeline_id}. */
  public Future<Pipeline> pipeline(String project, long pipelineId) {
    return one(ApiRequest.get(projectPath(project) + "/pipelines/" + pipelineId), Pipeline.class);
  }

  /** {@code GET /projects/:id/pipelines/:pipeline_id/variables}. */
  public Future<List<Variable>> pipelineVariables(String project, long pipelineId) {
    return list(ApiRequest.get(projectPath(project) + "/pipelines/" + pipelineId + "/variables"), Variable.class);
  }

  /**
   * {@code POST /projects/:id/pipeline} with variables, sent exactly once: never retried here, not even after a 429.
   * Whether a failure may have created the pipeline is the caller's to decide ({@link GitLabError#refusedUnprocessed()},
   * {@link GitLabError#outcomeUnknown()}); pdm records a trigger as sent before calling this.
   */
  public Future<Pipeline> createPipeline(String project, String ref, Map<String, String> variables) {
    List<Map<String, String>> vars = new ArrayList<>();
    variables.forEach((key, value) -> vars.add(Map.of("key", key, "value", value, "variable_type", "env_var")));
    Map<String, Object> body = Map.of("ref", ref, "variables", vars);
    ApiRequest request = ApiRequest.write(HttpMethod.POST, projectPath(project) + "/pipeline", body);
    return transport.sendOnce(request).compose(response -> GitLabJson.decode(request, response, Pipeline.class));
  }

  /** The newest pipeline on {@code ref} updated since {@code since} that carries variable {@code key=value}. */
  public Future<Optional<Pipeline>> findPipelineByVariable(String project, String ref, String key, String value,
                                                          Instant since) {
    return pipelines(project, Optional.of(ref), Optional.empty(), Optional.of(since)).all()
        .compose(candidates -> firstCarrying(project, candidates, 0, key, value));
  }

  private Future<Optional<Pipeline>> firstCarrying(String project, List<Pipeline> candidates, int index, String key,
                                                   String value) {
    if (index >= candidates.size()) {
      return Future.succeededFuture(Optional.empty());
    }
    Pipeline candidate = candidates.get(index);
    return pipelineVariables(project, candidate.getId()).compose(vars -> {
      boolean carries = vars.stream().anyMatch(v -> key.equals(v.getKey()) && value.equals(v.getValue()));
      return carries ? Future.succeededFuture(Optional.of(candidate))
          : firstCarrying(project, candidates, index + 1, key, value);
    });
  }

  /** {@code POST /projects/:id/pipelines/:pipeline_id/retry}: sent once, never automatically. */
  public Future<Pipeline> retryPipeline(String project, long pipelineId) {
    return one(ApiRequest.write(HttpMethod.POST, projectPath(project) + "/pipelines/" + pipelineId + "/retry",
        Map.of()), Pipeline.class);
  }

  /** {@code POST /projects/:id/pipelines/:pipeline_id/cancel}. */
  public Future<Pipeline> cancelPipeline(String project, long pipelineId) {
    return one(ApiRequest.write(HttpMethod.POST, projectPath(project) + "/pipelines/" + pipelineId + "/cancel",
        Map.of()), Pipeline.class);
  }

  /** {@code GET /projects/:id/pipelines/:pipeline_id/jobs}. */
  public Paged<Job> pipelineJobs(String project, long pipelineId) {
    return paged(ApiRequest.get(projectPath(project) + "/pipelines/" + pipelineId + "/jobs"), Job.class);
  }

  /** {@code GET /projects/:id/jobs/:job_id}. */
  public Future<Job> job(String project, long jobId) {
    return one(ApiRequest.get(projectPath(project) + "/jobs/" + jobId), Job.class);
  }

  /**
   * {@code GET /projects/:id/jobs/:job_id/trace} from byte {@code offset} ({@code Range: bytes=offset-}); works
   * whether GitLab answers 206 with the slice, 200 with the whole log, or 416 when nothing is new.
   */
  public Future<JobTrace> jobTrace(String project, long jobId, long offset) {
    if (offset < 0) {
      return Future.failedFuture(new IllegalArgumentException("offset: expected 0 or more, got " + offset));
    }
    ApiRequest request = ApiRequest.get(projectPath(project) + "/jobs/" + jobId + "/trace");
    if (offset > 0) {
      request = request.header("Range", "bytes=" + offset + "-");
    }
    return transport.send(request).map(response -> {
      byte[] bytes = response.body().getBytes();
      if (response.status() == 206) {
        return JobTrace.of(bytes, offset);
      }
      int skip = (int) Math.min(offset, bytes.length);
      return JobTrace.of(Arrays.copyOfRange(bytes, skip, bytes.length), skip);
    }).recover(failure -> failure instanceof GitLabException e && e.error().status() == 416
        ? Future.succeededFuture(new JobTrace("", offset)) : Future.failedFuture(failure));
  }

  /**
   * The end of a job's log: at most its last {@code maxBytes}, read as GitLab streams it so that a log of any size
   * costs no more memory; a line cut at the start of the kept part is dropped. {@code nextOffset} is not meaningful.
   */
  public Future<JobTrace> jobTraceTail(String project, long jobId, int maxBytes) {
    return transport.sendKeepingLast(ApiRequest.get(projectPath(project) + "/jobs/" + jobId + "/trace"), maxBytes)
        .map(response -> JobTrace.tail(response.body().getBytes(), maxBytes));
  }

  // --- environments and deployments -----------------------------------------------------------------------------

  /** {@code GET /projects/:id/environments?name=}: the environment with exactly that name, if any. */
  public Future<Optional<Environment>> environment(String project, String name) {
    return paged(ApiRequest.get(projectPath(project) + "/environments").param("name", name), Environment.class)
        .first(environment -> name.equals(environment.getName()));
  }

  /** {@code GET /projects/:id/deployments} filtered by environment and status, ordered as asked. */
  public Paged<Deployment> deployments(String project, Optional<String> environment, Optional<DeploymentStatus> status,
                                       String orderBy, String sort) {
    return paged(ApiRequest.get(projectPath(project) + "/deployments")
        .param("environment", environment)
        .param("status", status.map(DeploymentStatus::toValue))
        .param("order_by", orderBy)
        .param("sort", sort), Deployment.class);
  }

  /** The last successful deployment on {@code environment}, if there ever was one. */
  public Future<Optional<Deployment>> lastSuccessfulDeployment(String project, String environment) {
    return deployments(project, Optional.of(environment), Optional.of(DeploymentStatus.SUCCESS), "id", "desc")
        .first(deployment -> true);
  }

  /**
   * {@code POST /projects/:id/deployments}. The newest deployment id on the environment is read first, so that
   * when the outcome is unknown a deployment at this SHA made after it is found instead of creating a second one.
   */
  public Future<Deployment> createDeployment(String project, String environment, String sha, String ref, boolean tag,
                                             DeploymentStatus status) {
    Map<String, Object> body = Map.of("environment", environment, "sha", sha, "ref", ref, "tag", tag,
        "status", status.toValue());
    Paged<Deployment> newestFirst = deployments(project, Optional.of(environment), Optional.empty(), "id", "desc");
    return newestFirst.first(deployment -> true).compose(before -> {
      long watermark = before.map(Deployment::getId).orElse(0L);
      return writes.create("deployment of " + sha + " on " + environment,
          () -> one(ApiRequest.write(HttpMethod.POST, projectPath(project) + "/deployments", body), Deployment.class),
          () -> newestFirst.first(d -> d.getId() > watermark && sha.equals(d.getSha())));
    });
  }

  /** {@code PUT /projects/:id/deployments/:deployment_id} with a new status. */
  public Future<Deployment> updateDeploymentStatus(String project, long deploymentId, DeploymentStatus status) {
    return one(ApiRequest.write(HttpMethod.PUT, projectPath(project) + "/deployments/" + deploymentId,
        Map.of("status", status.toValue())), Deployment.class);
  }

  // --- repository -----------------------------------------------------------------------------------------------

  /** {@code GET /projects/:id/repository/compare?from=&to=}. */
  public Future<CompareResults> compare(String project, String from, String to) {
    return one(ApiRequest.get(projectPath(project) + "/repository/compare").param("from", from).param("to", to),
        CompareResults.class);
  }

  /** {@code GET /projects/:id/repository/merge_base?refs[]=a&refs[]=b}: the common ancestor of the refs. */
  public Future<Commit> mergeBase(String project, String firstRef, String secondRef) {
    return one(ApiRequest.get(projectPath(project) + "/repository/merge_base")
        .param("refs[]", firstRef).param("refs[]", secondRef), Commit.class);
  }

  /** {@code GET /projects/:id/repository/files/:path/raw?ref=}: the file's content as UTF-8 text. */
  public Future<String> rawFile(String project, String path, String ref) {
    return transport.send(ApiRequest.get(filePath(project, path) + "/raw").param("ref", ref))
        .map(response -> response.body().toString());
  }

  /** {@code GET /projects/:id/repository/files/:path?ref=}: the file's metadata (and base64 content). */
  public Future<RepositoryFile> file(String project, String path, String ref) {
    return one(ApiRequest.get(filePath(project, path)).param("ref", ref), RepositoryFile.class);
  }

  /** {@code GET /projects/:id/repository/tree?path=&ref=}: a directory's entries. */
  public Paged<TreeItem> tree(String project, String path, String ref) {
    return paged(ApiRequest.get(projectPath(project) + "/repository/tree").param("path", path).param("ref", ref),
        TreeItem.class);
  }

  /** {@code GET /projects/:id/repository/commits?path=&ref_name=}: commits touching {@code path}, newest first. */
  public Paged<Commit> commitsTouching(String project, String path, String ref) {
    return paged(ApiRequest.get(projectPath(project) + "/repository/commits").param("path", path)
        .param("ref_name", ref), Commit.class);
  }

  /** {@code GET /projects/:id/repository/commits/:sha/merge_requests}. */
  public Future<List<MergeRequest>> mergeRequestsForCommit(String project, String sha) {
    return list(ApiRequest.get(projectPath(project) + "/repository/commits/" + ApiRequest.encode(sha)
        + "/merge_requests"), MergeRequest.class);
  }

  // --- merge requests -------------------------------------------------------------------------------------------

  /** {@code GET /projects/:id/merge_requests/:iid}. */
  public Future<MergeRequest> mergeRequest(String project, long iid) {
    return one(ApiRequest.get(mergeRequestPath(project, iid)), MergeRequest.class);
  }

  /** {@code PUT /projects/:id/merge_requests/:iid} with {@code add_labels}/{@code remove_labels}. */
  public Future<MergeRequest> updateMergeRequestLabels(String project, long iid, List<String> add, List<String> remove) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (!add.isEmpty()) {
      body.put("add_labels", String.join(",", add));
    }
    if (!remove.isEmpty()) {
      body.put("remove_labels", String.join(",", remove));
    }
    return one(ApiRequest.write(HttpMethod.PUT, mergeRequestPath(project, iid), body), MergeRequest.class);
  }

  /** {@code GET /projects/:id/merge_requests/:iid/approval_state}: rules and who approved under each. */
  public Future<ApprovalState> approvalState(String project, long iid) {
    return one(ApiRequest.get(mergeRequestPath(project, iid) + "/approval_state"), ApprovalState.class);
  }

  /** {@code GET /projects/:id/merge_requests/:iid/approvals}: {@code approved_by} as users. */
  public Future<MergeRequest> approvals(String project, long iid) {
    return one(ApiRequest.get(mergeRequestPath(project, iid) + "/approvals"), MergeRequest.class);
  }

  /** {@code GET /projects/:id/merge_requests/:iid/resource_label_events}: who added or removed which label. */
  public Paged<LabelEvent> mergeRequestLabelEvents(String project, long iid) {
    return paged(ApiRequest.get(mergeRequestPath(project, iid) + "/resource_label_events"), LabelEvent.class);
  }

  // --- issues and notes -----------------------------------------------------------------------------------------

  /**
   * {@code GET /projects/:id/issues}: in {@code state} ({@code opened}/{@code closed}/{@code all}), of
   * {@code issueType} ({@code issue}/{@code incident}) if given, carrying all of {@code labels}.
   */
  public Paged<Issue> issues(String project, String state, Optional<String> issueType, List<String> labels) {
    return paged(ApiRequest.get(projectPath(project) + "/issues")
        .param("state", state)
        .param("issue_type", issueType)
        .param("labels", labels.isEmpty() ? null : String.join(",", labels)), Issue.class);
  }

  /** {@code GET /projects/:id/issues/:iid}. */
  public Future<Issue> issue(String project, long iid) {
    return one(ApiRequest.get(issuePath(project, iid)), Issue.class);
  }

  /**
   * {@code POST /projects/:id/issues}. {@code marker} must occur in the description: if the outcome is unknown, an
   * issue created since the attempt whose description carries it is looked for before any second attempt.
   */
  public Future<Issue> createIssue(String project, IssueFields fields, String marker) {
    if (marker.isBlank() || !fields.description().contains(marker)) {
      return Future.failedFuture(new IllegalArgumentException(
          "marker: expected a non-blank text found in the issue description, got '" + marker + "'"));
    }
    Instant since = clock.instant().minus(LOOKUP_WINDOW);
    return writes.create("issue '" + fields.title() + "'",
        () -> one(ApiRequest.write(HttpMethod.POST, projectPath(project) + "/issues", fields.toBody()), Issue.class),
        () -> paged(ApiRequest.get(projectPath(project) + "/issues").param("created_after", since)
            .param("order_by", "created_at").param("sort", "desc"), Issue.class)
            .first(issue -> issue.getDescription() != null && issue.getDescription().contains(marker)));
  }

  /** {@code PUT /projects/:id/issues/:iid} with the given changes (sent once). */
  public Future<Issue> updateIssue(String project, long iid, IssueChanges changes) {
    return one(ApiRequest.write(HttpMethod.PUT, issuePath(project, iid), changes.toBody()), Issue.class);
  }

  /** {@code GET /projects/:id/issues/:iid/notes}, newest first. */
  public Paged<Note> issueNotes(String project, long iid) {
    return paged(ApiRequest.get(issuePath(project, iid) + "/notes").param("sort", "desc"), Note.class);
  }

  /**
   * {@code POST /projects/:id/issues/:iid/notes}. {@code marker} must occur in {@code body}: if the outcome is
   * unknown, a note carrying it is looked for before any second attempt.
   */
  public Future<Note> createIssueNote(String project, long iid, String body, String marker) {
    if (marker.isBlank() || !body.contains(marker)) {
      return Future.failedFuture(new IllegalArgumentException(
          "marker: expected a non-blank text found in the note body, got '" + marker + "'"));
    }
    return writes.create("note on issue " + iid,
        () -> one(ApiRequest.write(HttpMethod.POST, issuePath(project, iid) + "/notes", Map.of("body", body)),
            Note.class),
        () -> issueNotes(project, iid).first(note -> note.getBody() != null && note.getBody().contains(marker)));
  }

  // --- plumbing -------------------------------------------------------------------------------------------------

  private <T> Future<T> one(ApiRequest request, Class<T> type) {
    return transport.send(request).compose(response -> GitLabJson.decode(request, response, type));
  }

  private <T> Future<List<T>> list(ApiRequest request, Class<T> type) {
    return transport.send(request).compose(response -> GitLabJson.decodeList(request, response, type));
  }

  private <T> Paged<T> paged(ApiRequest request, Class<T> type) {
    return new Paged<>(transport, request, type);
  }

  private static String projectPath(String project) {
    Objects.requireNonNull(project, "project: expected a project id or path, got null");
    if (project.isBlank()) {
      throw new IllegalArgumentException("project: expected a project id or path, got a blank value");
    }
    return "/projects/" + ApiRequest.encode(project);
  }

  private static String filePath(String project, String path) {
    return projectPath(project) + "/repository/files/" + ApiRequest.encode(path);
  }

  private static String mergeRequestPath(String project, long iid) {
    return projectPath(project) + "/merge_requests/" + iid;
  }

  private static String issuePath(String project, long iid) {
    return projectPath(project) + "/issues/" + iid;
  }
}
