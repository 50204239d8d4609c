package dev.pdm.server.api;

import dev.pdm.core.auth.Caller;
import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.gitlab.GitLabException;
import dev.pdm.core.incident.IncidentRequest;
import dev.pdm.core.incident.IncidentSettings;
import dev.pdm.core.incident.IncidentWorkflow;
import dev.pdm.core.incident.IncidentWorkflows;
import dev.pdm.core.incident.MitigationPlan;
import dev.pdm.core.incident.MitigationPlan.ChangeRequest;
import dev.pdm.core.incident.MitigationPlan.FixMergeRequest;
import dev.pdm.core.pending.MergeRequestRef;
import dev.pdm.core.run.Decision;
import dev.pdm.core.run.RunEvent;
import dev.pdm.server.incident.IncidentSteps;
import dev.pdm.server.incident.ReleaseManagerList;
import dev.pdm.server.orchestrator.Orchestrator;
import dev.pdm.server.store.AuditEntry;
import dev.pdm.server.store.StoredRun;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/runs/{id}/stages/{stage}/incident/...}: the incident workflow of a failed stage — does the failure
 * block deployments, the mitigation plan (the no-op merge request and change requests are read from GitLab before the
 * decision), hand-overs, follow-up answers, and the new run pdm offers once the plan's fix is ready. Each decision is
 * audited with its reason, and noted on the incident by pdm.
 */
public final class IncidentApi {
  private static final Logger LOG = LoggerFactory.getLogger(IncidentApi.class);
  private static final String PREFIX = "/api/v1/runs/:id/stages/:stage/incident";
  private final RunsApi runs;
  private final OperatorRequests requests;
  private final GitLabClient gitLab;
  private final PdmConfig.Projects projects;
  private final Supplier<IncidentSettings> settings;
  private final ReleaseManagerList managers;
  private final Clock clock;

  IncidentApi(RunsApi runs, OperatorRequests requests, GitLabClient gitLab, PdmConfig.Projects projects,
      Supplier<IncidentSettings> settings, ReleaseManagerList managers, Clock clock) {
    this.runs = runs;
    this.requests = requests;
    this.gitLab = gitLab;
    this.projects = projects;
    this.settings = settings;
    this.managers = managers;
    this.clock = clock;
  }

  /** Mounts the routes next to the runs API's (whose run creation a re-run ends with). */
  public static void mount(Router router, RunsApi runs, OperatorRequests requests, GitLabClient gitLab,
      PdmConfig.Projects projects, Supplier<IncidentSettings> settings, ReleaseManagerList managers, Clock clock) {
    IncidentApi api = new IncidentApi(runs, requests, gitLab, projects, settings, managers, clock);
    Handler<RoutingContext> operators = Authentication.operatorsOnly();
    router.post(PREFIX + "/block").handler(operators).handler(api::block);
    router.post(PREFIX + "/plan").handler(operators).handler(api::plan);
    router.post(PREFIX + "/handover").handler(operators).handler(api::handover);
    router.post(PREFIX + "/follow-ups/:key").handler(operators).handler(api::answer);
    router.post(PREFIX + "/rerun").handler(operators).handler(api::rerun);
  }

  private void block(RoutingContext ctx) {
    JsonObject body = ApiReplies.body(ctx);
    if (body == null) {
      return;
    }
    List<String> problems = new ArrayList<>();
    Object blocks = body.getValue("blocks");
    if (!(blocks instanceof Boolean)) {
      problems.add("blocks: expected true (the failure blocks deployments) or false (it does not) (got "
          + (blocks == null ? "nothing" : blocks) + ")");
    }
    problems.addAll(OperatorRequests.reasonProblems(body.getValue("reason")));
    if (!problems.isEmpty()) {
      ApiReplies.invalid(ctx, problems);
      return;
    }
    boolean blocking = (Boolean) blocks;
    apply(ctx, blocking ? "incident: blocks deployments" : "incident: does not block deployments",
        body.getString("reason"), new JsonObject().put("blocks", blocking),
        new IncidentRequest.DecideBlock(stage(ctx), caller(ctx), blocking, body.getString("reason"), clock.instant()),
        List.of(), Future.succeededFuture(settings.get()));
  }

  private void plan(RoutingContext ctx) {
    JsonObject body = ApiReplies.body(ctx);
    if (body == null) {
      return;
    }
    String kindText = body.getString("kind", "");
    Optional<MitigationPlan.Kind> kind = switch (kindText) {
      case "noop-mr" -> Optional.of(MitigationPlan.Kind.NOOP_MR);
      case "mark-complete" -> Optional.of(MitigationPlan.Kind.MARK_COMPLETE);
      case "retry" -> Optional.of(MitigationPlan.Kind.RETRY);
      case "other" -> Optional.of(MitigationPlan.Kind.OTHER);
      default -> Optional.empty();
    };
    List<String> problems = new ArrayList<>();
    if (kind.isEmpty()) {
      problems.add("kind: expected noop-mr, mark-complete, retry or other (got " + (kindText.isEmpty() ? "nothing"
          : kindText) + ")");
    }
    problems.addAll(OperatorRequests.reasonProblems(body.getValue("reason")));
    Optional<Long> mr = reference(body, "merge_request", kind.filter(k -> k == MitigationPlan.Kind.NOOP_MR).isPresent(),
        true, problems);
    Optional<Long> markComplete = reference(body, "change_request",
        kind.filter(k -> k == MitigationPlan.Kind.MARK_COMPLETE).isPresent(), false, problems);
    Optional<Long> cleanup = reference(body, "cleanup_change_request", false, false, problems);
    Optional<String> link = Optional.ofNullable(body.getString("link")).filter(l -> !l.isBlank());
    if (kind.filter(k -> k == MitigationPlan.Kind.OTHER).isPresent() && link.filter(l -> l.matches("https?://\\S+"))
        .isEmpty()) {
      problems.add("link: required for an 'other' plan: an http(s) URL where the mitigation is described (got "
          + link.orElse("nothing") + ")");
    }
    if (!problems.isEmpty()) {
      ApiReplies.invalid(ctx, problems);
      return;
    }
    Future<Optional<FixMergeRequest>> readMr = mr.map(iid -> mergeRequest(iid).map(Optional::of))
        .orElse(Future.succeededFuture(Optional.empty()));
    Future<Optional<ChangeRequest>> readCr = markComplete.map(iid -> changeRequest(iid, "change_request")
        .map(Optional::of)).orElse(Future.succeededFuture(Optional.empty()));
    Future<Optional<ChangeRequest>> readCleanup = cleanup.map(iid -> changeRequest(iid, "cleanup_change_request")
        .map(Optional::of)).orElse(Future.succeededFuture(Optional.empty()));
    Future.all(readMr, readCr, readCleanup)
        .onFailure(err -> {
          if (err instanceof NotInGitLab missing) {
            ApiReplies.invalid(ctx, List.of(missing.getMessage()));
          } else {
            ApiReplies.error(ctx, 502, "GitLab could not be read: " + err.getMessage());
          }
        })
        .onSuccess(all -> {
          String reason = body.getString("reason");
          String actor = caller(ctx);
          MitigationPlan plan = new MitigationPlan(kind.get(), actor, reason, clock.instant(), readMr.result(),
              readCr.result(), readCleanup.result(), link);
          List<RunEvent> events = kind.get() == MitigationPlan.Kind.RETRY
              ? List.of(requests.retry(stage(ctx), actor, reason)) : List.of();
          JsonObject detail = new JsonObject().put("kind", kindText);
          mr.ifPresent(iid -> detail.put("merge_request", iid));
          markComplete.ifPresent(iid -> detail.put("change_request", iid));
          cleanup.ifPresent(iid -> detail.put("cleanup_change_request", iid));
          link.ifPresent(l -> detail.put("link", l));
          apply(ctx, "incident: plan " + kindText, reason, detail, new IncidentRequest.ChoosePlan(stage(ctx), actor,
              plan, clock.instant()), events, Future.succeededFuture(settings.get()));
        });
  }

  private void handover(RoutingContext ctx) {
    JsonObject body = ApiReplies.body(ctx);
    if (body == null) {
      return;
    }
    Object to = body.getValue("to");
    Object summary = body.getValue("summary");
    List<String> problems = new ArrayList<>();
    if (!(to instanceof String)) {
      problems.add("to: expected the GitLab username of the release manager taking over (got "
          + (to == null ? "nothing" : to) + ")");
    }
    if (summary != null && !(summary instanceof String)) {
      problems.add("summary: expected text, or nothing for pdm's summary (got " + summary + ")");
    }
    if (!problems.isEmpty()) {
      ApiReplies.invalid(ctx, problems);
      return;
    }
    Future<IncidentSettings> withManagers = managers.current().map(list -> new IncidentSettings(
        settings.get().blockerLabel(), settings.get().resolvedLabel(), list));
    apply(ctx, "incident: hand over", "to " + to, new JsonObject().put("to", to),
        new IncidentRequest.HandOver(stage(ctx), caller(ctx), (String) to, (String) summary, clock.instant()),
        List.of(), withManagers);
  }

  private void answer(RoutingContext ctx) {
    JsonObject body = ApiReplies.body(ctx);
    if (body == null) {
      return;
    }
    Object answer = body.getValue("answer");
    String text = answer instanceof String s ? s : null;
    apply(ctx, "incident: follow-up " + ctx.pathParam("key"), text, new JsonObject().put("key", ctx.pathParam("key")),
        new IncidentRequest.AnswerFollowUp(stage(ctx), caller(ctx), ctx.pathParam("key"), text, clock.instant()),
        List.of(), Future.succeededFuture(settings.get()));
  }

  /**
   * The new run pdm offers once the plan's fix is ready: the failed run, still waiting for a decision, is closed with
   * the reason, then a run is asked for as {@code POST /api/v1/runs} does (with its usual production checks).
   */
  private void rerun(RoutingContext ctx) {
    JsonObject body = ApiReplies.body(ctx);
    if (body == null) {
      return;
    }
    Object given = body.getValue("reason");
    if (given != null && (!(given instanceof String text) || text.length() > OperatorRequests.MAX_REASON)) {
      ApiReplies.invalid(ctx, List.of("reason: expected text of at most " + OperatorRequests.MAX_REASON
          + " characters, or nothing (got " + given + ")"));
      return;
    }
    runs.withRun(ctx, found -> Future.succeededFuture(Orchestrator.Loaded.of(found)))
        .onSuccess(loaded -> {
          StoredRun run = loaded.stored();
          IncidentWorkflow workflow = loaded.record().incidents().get(stage(ctx));
          if (workflow == null) {
            ApiReplies.error(ctx, loaded.record().run().stage(stage(ctx)).isEmpty() ? 400 : 409,
                IncidentSteps.noWorkflow(loaded.record(), stage(ctx)));
            return;
          }
          Optional<String> refusal = IncidentWorkflows.rerunRefusal(workflow);
          if (refusal.isEmpty() && run.active() && !"waiting_for_decision".equals(run.status())) {
            refusal = Optional.of("run " + run.id() + " is " + run.status() + "; a new run starts once it has ended");
          }
          if (refusal.isPresent()) {
            ApiReplies.error(ctx, 409, "no new run for " + stage(ctx) + ": " + refusal.get());
            return;
          }
          String reason = given == null || ((String) given).isBlank() ? "superseded by a new run: "
              + workflow.plan().orElseThrow().kind().words() + " is done" : (String) given;
          Future<Optional<Decision.Rejected>> closed = run.active()
              ? requests.decide(run.id(), requests.cancel(caller(ctx), reason), new AuditEntry(caller(ctx),
                  "cancel for a re-run", Optional.of(reason), new JsonObject().put("stage", stage(ctx))))
                  .map(OperatorRequests.Decided::rejected)
              : Future.succeededFuture(Optional.empty());
          closed.onFailure(err -> ApiReplies.failed(ctx, err)).onSuccess(rejected -> {
            if (rejected.isPresent()) {
              RunsApi.rejected(ctx, rejected.get());
              return;
            }
            LOG.info("{} asked for a re-run after the incident workflow of run {} stage {}", caller(ctx), run.id(),
                stage(ctx));
            runs.create(ctx);
          });
        });
  }

  /** Applies a request to the stage's workflow; answers 202 with the run, or the rejection (400, 409). */
  private void apply(RoutingContext ctx, String action, String reason, JsonObject detail, IncidentRequest request,
      List<RunEvent> events, Future<IncidentSettings> decidedWith) {
    AuditEntry audit = new AuditEntry(request.actor(), action, Optional.ofNullable(reason),
        detail.put("stage", stage(ctx)));
    runs.withRun(ctx, run -> decidedWith.compose(decided -> requests.decideOnIncident(run.id(), request, events,
            decided, audit)))
        .onSuccess(decided -> {
          if (decided.rejected().isPresent()) {
            RunsApi.rejected(ctx, decided.rejected().get());
            return;
          }
          ApiReplies.json(ctx, 202, decided.run().map(StoredRun::toJson).orElse(new JsonObject()));
        });
  }

  /** A merge request or issue named in the body: required or not, as {@code !N}/{@code #N}, a number or a URL. */
  private static Optional<Long> reference(JsonObject body, String field, boolean required, boolean mergeRequest,
      List<String> problems) {
    Object value = body.getValue(field);
    if (value == null || value instanceof String s && s.isBlank()) {
      if (required) {
        problems.add(field + ": required: " + (mergeRequest ? "the merge request, as !123, 123 or its URL"
            : "the change request, as #12, 12 or its URL") + " (got nothing)");
      }
      return Optional.empty();
    }
    Optional<Long> iid = mergeRequest ? GitLabReferences.mergeRequest(String.valueOf(value))
        : GitLabReferences.issue(String.valueOf(value));
    if (iid.isEmpty()) {
      problems.add(field + ": expected " + (mergeRequest ? "!123, 123 or a merge request URL" : "#12, 12 or an issue URL")
          + " (got " + value + ")");
    }
    return iid;
  }

  private Future<FixMergeRequest> mergeRequest(long iid) {
    return gitLab.mergeRequest(projects.canonical(), iid)
        .map(mr -> new FixMergeRequest(iid, String.valueOf(mr.getTitle()), String.valueOf(mr.getWebUrl()),
            String.valueOf(mr.getState()), "merged".equals(mr.getState()) ? MergeRequestRef.of(mr).mergeCommitSha()
            : Optional.empty(), List.of()))
        .recover(err -> Future.failedFuture(GitLabException.isNotFound(err) ? new NotInGitLab("merge_request: GitLab "
            + "has no merge request !" + iid + " in " + projects.canonical() + " (got " + iid + ")") : err));
  }

  private Future<ChangeRequest> changeRequest(long iid, String field) {
    return gitLab.issue(projects.production(), iid)
        .map(issue -> new ChangeRequest(iid, String.valueOf(issue.getTitle()), String.valueOf(issue.getWebUrl()),
            issue.getState() == null ? "unknown" : issue.getState().toValue(),
            issue.getLabels() == null ? List.of() : issue.getLabels()))
        .recover(err -> Future.failedFuture(GitLabException.isNotFound(err) ? new NotInGitLab(field + ": GitLab has"
            + " no issue #" + iid + " in " + projects.production() + " (got " + iid + ")") : err));
  }

  private static String caller(RoutingContext ctx) {
    Caller caller = Authentication.caller(ctx);
    return caller.name();
  }

  private static String stage(RoutingContext ctx) {
    return ctx.pathParam("stage");
  }

  /** A merge request or issue named in a request that GitLab does not have: the request is invalid (400). */
  private static final class NotInGitLab extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotInGitLab(String message) {
      super(message, null, false, false);
    }
  }
}
