package dev.pdm.server.api;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.executed.ExecutedSubject;
import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.triage.IncidentDraft;
import dev.pdm.core.triage.JobLogParser;
import dev.pdm.core.triage.TriageLookup;
import dev.pdm.server.orchestrator.PlanLayout;
import dev.pdm.server.orchestrator.RunJson;
import dev.pdm.server.store.RunStore;
import dev.pdm.server.store.StoredRun;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a release manager looks at before and around a run: {@code /api/v1/overview}, {@code /pending},
 * {@code /checks}, {@code /executed} ("was it executed?") and {@code /triage} of a posted job log.
 */
public final class OverviewApi {
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,40}");
  private static final Pattern JOB_URL = Pattern.compile("https?://[^/]+/(.+?)/-/jobs/(\\d{1,18})/?");
  private final Vertx vertx;
  private final OverviewCache overview;
  private final RunStore store;
  private final GitLabClient gitLab;
  private final PlanLayout plan;
  private final TriageLookup triage;
  private final ExecutedAnswers executed;
  private final GitLabReadLimit reads;
  private final List<String> triageProjects;

  public OverviewApi(Vertx vertx, OverviewCache overview, RunStore store, GitLabClient gitLab, PlanLayout plan,
      TriageLookup triage, ExecutedAnswers executed, GitLabReadLimit reads) {
    this.vertx = vertx;
    this.overview = overview;
    this.store = store;
    this.gitLab = gitLab;
    this.plan = plan;
    this.triage = triage;
    this.executed = executed;
    this.reads = reads;
    PdmConfig config = plan.config();
    Set<String> projects = new TreeSet<>(List.of(config.projects().deployer(), config.projects().qa()));
    config.plan().forEach(stage -> projects.add(stage.project()));
    this.triageProjects = List.copyOf(projects);
  }

  public void mount(Router router) {
    router.get("/api/v1/overview").handler(reads.whenFresh()).handler(this::overview);
    router.get("/api/v1/pending").handler(reads.whenFresh()).handler(ctx -> perEnvironment(ctx, "pending"));
    router.get("/api/v1/checks").handler(reads.whenFresh()).handler(ctx -> perEnvironment(ctx, "checks"));
    router.get("/api/v1/executed").handler(reads.always()).handler(this::executed);
    router.post("/api/v1/triage").handler(this::triageLog);
    router.get("/api/v1/triage").handler(reads.always()).handler(this::triageJob);
  }

  private void overview(RoutingContext ctx) {
    boolean fresh = "true".equals(ctx.request().getParam("fresh"));
    overview.get(fresh)
        .compose(view -> store.list(Optional.empty(), Optional.empty(), 5).map(runs -> {
          JsonArray recent = new JsonArray();
          Optional<StoredRun> active = runs.stream().filter(StoredRun::active).findFirst();
          runs.forEach(r -> recent.add(r.toJson().put("state", (Object) null)));
          return view.copy().put("active_run", active.map(StoredRun::toJson).orElse(null)).put("recent_runs",
              recent);
        }))
        .onSuccess(json -> ApiReplies.json(ctx, 200, json))
        .onFailure(err -> ApiReplies.failed(ctx, err));
  }

  private void perEnvironment(RoutingContext ctx, String part) {
    String env = ctx.request().getParam("env");
    if (env != null && plan.config().environments().stream().noneMatch(e -> e.name().equals(env))) {
      ApiReplies.invalid(ctx, List.of("env: expected one of " + plan.config().environments().stream()
          .map(PdmConfig.Environment::name).toList() + " (got " + env + ")"));
      return;
    }
    overview.get("true".equals(ctx.request().getParam("fresh"))).onSuccess(view -> {
      JsonArray environments = new JsonArray();
      view.getJsonArray("environments").stream().map(JsonObject.class::cast)
          .filter(e -> env == null || env.equals(e.getString("name")))
          .forEach(e -> environments.add(new JsonObject().put("name", e.getString("name"))
              .put(part, e.getValue(part)).put(part + "_error", e.getValue(part + "_error"))));
      ApiReplies.json(ctx, 200, new JsonObject().put("generated_at", view.getString("generated_at"))
          .put("environments", environments));
    }).onFailure(err -> ApiReplies.error(ctx, 502, "could not read GitLab: " + err.getMessage()));
  }

  private void executed(RoutingContext ctx) {
    String sha = ctx.request().getParam("sha");
    String mr = ctx.request().getParam("mr");
    if ((sha == null) == (mr == null)) {
      ApiReplies.invalid(ctx, List.of("sha or mr: expected exactly one, e.g. ?sha=1a2b3c4 or ?mr=!123"));
      return;
    }
    ExecutedSubject.Parsed subject = sha != null ? ExecutedSubject.ofSha(sha) : ExecutedSubject.ofMergeRequest(mr);
    if (subject.problem().isPresent()) {
      ApiReplies.invalid(ctx, List.of(subject.problem().get()));
      return;
    }
    executed.answer(subject.subject().orElseThrow())
        .onSuccess(r -> ApiReplies.json(ctx, 200, RunJson.toJson(r)))
        .onFailure(err -> ApiReplies.failed(ctx, err));
  }

  /** The posted log is decoded and parsed on a worker: it may be {@code triage.max_log_megabytes} of text. */
  private void triageLog(RoutingContext ctx) {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    vertx.executeBlocking(() -> JobLogParser.parse(body == null ? "" : body.toString(StandardCharsets.UTF_8)), false)
        .onSuccess(parsed -> ApiReplies.json(ctx, 200, RunJson.toJson(parsed)))
        .onFailure(err -> ApiReplies.error(ctx, 400, "could not parse the log: " + err.getMessage()));
  }

  /**
   * {@code GET /api/v1/triage?job=URL[&sha=SHA]}: triage of a job by its GitLab URL. The SHA of the code that ran is
   * {@code sha}, else the package deployed on the environment the job is named for ({@code <env>-postdeploy-...}).
   */
  private void triageJob(RoutingContext ctx) {
    String url = ctx.request().getParam("job");
    java.util.regex.Matcher job = url == null ? null : JOB_URL.matcher(url.trim());
    if (job == null || !job.matches()) {
      ApiReplies.invalid(ctx, List.of("job: expected a GitLab job URL such as https://gitlab.example.com/group/"
          + "project/-/jobs/123 (got " + (url == null ? "nothing" : url) + ")"));
      return;
    }
    String project = job.group(1);
    if (!triageProjects.contains(project)) {
      ApiReplies.invalid(ctx, List.of("job: expected a job of a project pdm runs pipelines in, one of "
          + triageProjects + " (got a job of " + project + ")"));
      return;
    }
    long jobId = Long.parseLong(job.group(2));
    Optional<String> sha = Optional.ofNullable(ctx.request().getParam("sha")).filter(s -> SHA.matcher(s).matches());
    gitLab.job(project, jobId)
        .compose(j -> sha.map(Future::succeededFuture).orElseGet(() -> deployedSha(j.getName())))
        .compose(code -> gitLab.jobTraceTail(project, jobId, maxLogBytes()).compose(trace -> vertx.executeBlocking(
                () -> JobLogParser.parse(trace.text()), false))
            .compose(log -> log.failed().isEmpty()
                ? Future.succeededFuture(new JsonObject().put("log", RunJson.toJson(log)).put("report", (Object) null))
                : triage.lookup(project, jobId, code, log.failed().get())
                    .map(report -> new JsonObject().put("log", RunJson.toJson(log))
                        .put("report", RunJson.toJson(report))
                        .put("draft", RunJson.toJson(IncidentDraft.of(report))))))
        .onSuccess(json -> ApiReplies.json(ctx, 200, json))
        .onFailure(err -> ApiReplies.error(ctx, 502, "could not triage job " + jobId + " of " + project + ": "
            + err.getMessage()));
  }

  private int maxLogBytes() {
    return (int) Math.min(Integer.MAX_VALUE, plan.config().triage().maxLogBytes());
  }

  /** The canonical SHA deployed on the environment a {@code <env>-postdeploy-migrations} job is named for. */
  private Future<String> deployedSha(String jobName) {
    Optional<PdmConfig.Environment> env = plan.config().environments().stream()
        .filter(e -> jobName != null && jobName.equals(e.migrationJob())).findFirst();
    if (env.isEmpty()) {
      return Future.failedFuture("job " + jobName + " is no configured migration job; pass sha=");
    }
    return gitLab.lastSuccessfulDeployment(plan.config().projects().canonical(), env.get().gitlabEnvironment())
        .compose(d -> d.map(dep -> Future.succeededFuture(dep.getSha())).orElseGet(() -> Future.failedFuture(
            "no deployment on " + env.get().gitlabEnvironment() + " tells which code ran; pass sha=")));
  }

}
