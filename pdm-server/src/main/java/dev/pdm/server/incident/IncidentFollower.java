package dev.pdm.server.incident;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.executed.CommitContainment;
import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.hooks.GitLabObservation;
import dev.pdm.core.incident.IncidentObservation;
import dev.pdm.core.incident.IncidentObservation.ChangeRequestSeen;
import dev.pdm.core.incident.IncidentObservation.IncidentSeen;
import dev.pdm.core.incident.IncidentObservation.MergeRequestSeen;
import dev.pdm.core.incident.IncidentObservation.NextRunSeen;
import dev.pdm.core.incident.IncidentObservation.ReleaseItemShipped;
import dev.pdm.core.incident.IncidentSettings;
import dev.pdm.core.incident.IncidentWorkflow;
import dev.pdm.core.incident.IncidentWorkflows;
import dev.pdm.core.incident.MitigationPlan;
import dev.pdm.core.incident.MitigationPlan.ChangeRequest;
import dev.pdm.core.incident.MitigationPlan.FixMergeRequest;
import dev.pdm.core.pending.MergeRequestRef;
import dev.pdm.core.run.Stage;
import dev.pdm.core.run.StageKind;
import dev.pdm.core.run.StageStatus;
import dev.pdm.server.orchestrator.Orchestrator;
import dev.pdm.server.orchestrator.PlanLayout;
import dev.pdm.server.orchestrator.RunRecord;
import dev.pdm.server.orchestrator.RunWatch;
import dev.pdm.server.store.RunStore;
import dev.pdm.server.store.StoredRun;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gitlab4j.api.models.Deployment;
import org.gitlab4j.api.models.Issue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps incident workflows current: starts one for each failed stage whose triage opened an incident, and for each
 * workflow pdm still follows reads, at most every {@code polling.idle_interval_seconds}, the incident (resolved?), the
 * plan's no-op merge request (merged? in the package running on each environment?), its change requests, the first
 * run started once the fix was ready, and whether the release checklist's merge requests are on production. What it
 * reads goes through the workflow's pure decisions; an issue or deployment webhook only makes it read sooner.
 */
public final class IncidentFollower implements RunWatch {
  private static final Logger LOG = LoggerFactory.getLogger(IncidentFollower.class);
  private static final Pattern ISSUE_NUMBER = Pattern.compile("/(\\d+)/?$");
  private static final int RUNS_LOOKED_AT = 50;
  private static final int LOG_PAGE = 1000;
  private final GitLabClient gitLab;
  private final PlanLayout plan;
  private final RunStore store;
  private final ReleaseManagerList managers;
  private final Clock clock;
  private final Duration interval;
  private final CommitContainment containment;
  private final Map<String, Instant> lastPolled = new HashMap<>();
  private final Set<UUID> following = new HashSet<>();

  public IncidentFollower(GitLabClient gitLab, PlanLayout plan, RunStore store, ReleaseManagerList managers,
      Clock clock, Duration interval) {
    this.gitLab = gitLab;
    this.plan = plan;
    this.store = store;
    this.managers = managers;
    this.clock = clock;
    this.interval = interval;
    this.containment = new CommitContainment(gitLab, plan.config().projects().canonical());
  }

  /** The settings decisions are made with; the release managers are the configured ones (no GitLab read). */
  public IncidentSettings settings() {
    PdmConfig.Triage triage = plan.config().triage();
    return new IncidentSettings(triage.deploymentBlockerLabel(), triage.resolvedLabel(),
        plan.config().releaseManagers().usernames());
  }

  @Override
  public void follow(Orchestrator.Loaded loaded, Orchestrator orchestrator) {
    RunRecord record = loaded.record();
    UUID runId = UUID.fromString(record.run().id());
    if (!following.add(runId)) {
      return;
    }
    start(record, orchestrator)
        .compose(v -> Future.join(record.incidents().values().stream()
            .filter(workflow -> workflow.following() && due(runId, workflow.stageId()))
            .map(workflow -> poll(runId, workflow, orchestrator)).toList()))
        .onFailure(err -> LOG.warn("run {}: following its incident workflow failed: {}", runId, err.getMessage()))
        .onComplete(done -> following.remove(runId));
  }

  @Override
  public void forget(UUID runId) {
    lastPolled.keySet().removeIf(key -> key.startsWith(runId + "/"));
  }

  /**
   * A webhook said an issue or a deployment changed: every workflow this replica follows reads GitLab at its next
   * look instead of waiting for its interval. The payload itself moves nothing.
   */
  public void observe(GitLabObservation observation) {
    if (observation instanceof GitLabObservation.IssueObserved
        || observation instanceof GitLabObservation.DeploymentObserved) {
      lastPolled.clear();
    }
  }

  private boolean due(UUID runId, String stageId) {
    String key = runId + "/" + stageId;
    Instant now = clock.instant();
    Instant last = lastPolled.get(key);
    if (last != null && Duration.between(last, now).compareTo(interval) < 0) {
      return false;
    }
    lastPolled.put(key, now);
    return true;
  }

  /** A workflow for every failed migrate stage whose triage opened an incident and has none yet. */
  private Future<Void> start(RunRecord record, Orchestrator orchestrator) {
    UUID runId = UUID.fromString(record.run().id());
    List<Future<?>> started = new ArrayList<>();
    record.triage().forEach((stageId, triage) -> {
      Optional<Stage> stage = record.run().stage(stageId).filter(s -> s.spec().kind() == StageKind.MIGRATE);
      Optional<Long> iid = triage.incidentUrl().flatMap(IncidentFollower::issueNumber);
      if (record.incidents().containsKey(stageId) || stage.isEmpty() || iid.isEmpty()) {
        return;
      }
      IncidentWorkflow workflow = IncidentWorkflows.start(new IncidentWorkflow.Subject(record.run().id(), stageId,
          stage.get().spec().environment(), triage.attempt(), new IncidentWorkflow.IncidentRef(
          plan.config().projects().production(), iid.get(), triage.incidentUrl().get()), triage.report().failed(),
          triage.report().kind(), triage.report().mergeRequest(), environments(false), environments(true)),
          clock.instant(), settings());
      LOG.info("run {} stage {}: following incident #{}", runId, stageId, iid.get());
      started.add(orchestrator.change(runId, r -> IncidentSteps.started(stageId, workflow), Optional.empty()));
    });
    return Future.join(started).mapEmpty();
  }

  private List<String> environments(boolean productionOnly) {
    return plan.migratedEnvironments().stream()
        .filter(e -> !productionOnly || e.tier() == PdmConfig.Tier.PRODUCTION)
        .map(PdmConfig.Environment::name).toList();
  }

  /** Reads what the workflow waits for, one thing after another, each submitted as soon as it is read. */
  private Future<Void> poll(UUID runId, IncidentWorkflow workflow, Orchestrator orchestrator) {
    List<Supplier<Future<List<IncidentObservation>>>> reads = new ArrayList<>();
    if (!workflow.resolved()) {
      reads.add(() -> incident(workflow));
    }
    workflow.plan().ifPresent(planned -> {
      if (planned.kind() == MitigationPlan.Kind.NOOP_MR && workflow.readyAt().isEmpty()) {
        reads.add(() -> mergeRequest(workflow, planned.mergeRequest().orElseThrow()));
      }
      planned.changeRequests().stream().filter(cr -> !cr.done())
          .forEach(cr -> reads.add(() -> changeRequest(workflow, cr)));
    });
    if (workflow.readyAt().isPresent() && !workflow.nextRun().map(IncidentWorkflow.NextRun::finished).orElse(false)) {
      reads.add(() -> nextRun(runId, workflow));
    }
    workflow.releaseItems().stream().filter(item -> item.status() == IncidentWorkflow.ReleaseItem.Status.ADDED)
        .forEach(item -> reads.add(() -> shipped(workflow, item)));
    Future<Void> chain = Future.succeededFuture();
    for (Supplier<Future<List<IncidentObservation>>> read : reads) {
      chain = chain.compose(v -> read.get()
          .compose(observations -> submit(runId, observations, orchestrator))
          .recover(err -> {
            LOG.warn("run {} stage {}: reading GitLab for the incident workflow failed; trying again later: {}", runId,
                workflow.stageId(), err.getMessage());
            return Future.succeededFuture();
          }));
    }
    return chain;
  }

  private Future<Void> submit(UUID runId, List<IncidentObservation> observations, Orchestrator orchestrator) {
    Future<Void> chain = Future.succeededFuture();
    for (IncidentObservation observation : observations) {
      Future<IncidentSettings> settings = observation instanceof IncidentSeen seen && seen.resolvedHow().isPresent()
          ? managers.current().map(list -> new IncidentSettings(settings().blockerLabel(), settings().resolvedLabel(),
              list))
          : Future.succeededFuture(settings());
      chain = chain.compose(v -> settings).compose(s -> orchestrator.change(runId,
          record -> IncidentSteps.observation(record, observation, s), Optional.empty())).mapEmpty();
    }
    return chain;
  }

  private Future<List<IncidentObservation>> incident(IncidentWorkflow workflow) {
    IncidentWorkflow.IncidentRef ref = workflow.subject().incident();
    String resolvedLabel = plan.config().triage().resolvedLabel();
    return gitLab.issue(ref.project(), ref.iid()).map(issue -> {
      Optional<String> how = "closed".equals(state(issue))
          ? Optional.of("closed") : labels(issue).contains(resolvedLabel) ? Optional.of("labelled " + resolvedLabel)
          : Optional.empty();
      return List.of(new IncidentSeen(workflow.stageId(), how, clock.instant()));
    });
  }

  /** The merge request, and, once merged, the environments whose package contains its merge commit. */
  private Future<List<IncidentObservation>> mergeRequest(IncidentWorkflow workflow, FixMergeRequest known) {
    String canonical = plan.config().projects().canonical();
    return gitLab.mergeRequest(canonical, known.iid()).compose(mr -> {
      MergeRequestRef ref = MergeRequestRef.of(mr);
      String state = String.valueOf(mr.getState());
      Optional<String> mergeCommit = "merged".equals(state) ? ref.mergeCommitSha() : Optional.empty();
      Future<List<String>> on = mergeCommit.map(sha -> environmentsWith(sha, workflow.subject().environments()))
          .orElse(Future.succeededFuture(List.of()));
      return on.map(environments -> List.<IncidentObservation>of(new MergeRequestSeen(workflow.stageId(),
          new FixMergeRequest(known.iid(), String.valueOf(mr.getTitle()), String.valueOf(mr.getWebUrl()), state,
              mergeCommit, environments), clock.instant())));
    });
  }

  /** The environments (of {@code names}) whose running package contains {@code sha}, as "Was it executed?" decides. */
  private Future<List<String>> environmentsWith(String sha, List<String> names) {
    String canonical = plan.config().projects().canonical();
    List<Future<Optional<String>>> answers = names.stream().map(name -> gitLab.lastSuccessfulDeployment(canonical,
            plan.environment(name).gitlabEnvironment())
        .compose(deployment -> deployment.map(Deployment::getSha).filter(s -> !s.isBlank())
            .map(deployed -> containment.contains(deployed, sha).map(yes -> yes ? Optional.of(name) : Optional.<String>empty()))
            .orElse(Future.succeededFuture(Optional.empty()))))
        .toList();
    return Future.all(answers).map(done -> answers.stream().map(Future::result).flatMap(Optional::stream).toList());
  }

  private Future<List<IncidentObservation>> changeRequest(IncidentWorkflow workflow, ChangeRequest known) {
    String production = plan.config().projects().production();
    return gitLab.issue(production, known.iid()).map(issue -> List.of(new ChangeRequestSeen(workflow.stageId(),
        new ChangeRequest(known.iid(), String.valueOf(issue.getTitle()), String.valueOf(issue.getWebUrl()),
            state(issue), labels(issue)), clock.instant())));
  }

  /**
   * The first run of the plan requested once the fix was ready (pdm's own clock on both sides). For a mark-complete
   * plan, once that run's stage on the failed environment has ended, whether its migration job migrated the version
   * again (Rails skips a version marked complete, so a migrated version was still pending).
   */
  private Future<List<IncidentObservation>> nextRun(UUID runId, IncidentWorkflow workflow) {
    Instant ready = workflow.readyAt().orElseThrow();
    return store.list(Optional.empty(), Optional.empty(), RUNS_LOOKED_AT).compose(runs -> {
      Optional<Orchestrator.Loaded> next = runs.stream().filter(run -> !run.id().equals(runId))
          .map(Orchestrator.Loaded::of)
          .filter(loaded -> !loaded.record().run().createdAt().isBefore(ready))
          .min(Comparator.comparing(loaded -> loaded.record().run().createdAt()));
      if (next.isEmpty()) {
        return Future.succeededFuture(List.<IncidentObservation>of());
      }
      RunRecord record = next.get().record();
      StoredRun stored = next.get().stored();
      Optional<Stage> stage = record.run().stages().stream().filter(s -> s.spec().kind() == StageKind.MIGRATE
          && s.spec().environment().equals(workflow.subject().environment())).findFirst();
      boolean markComplete = workflow.plan().filter(p -> p.kind() == MitigationPlan.Kind.MARK_COMPLETE).isPresent();
      boolean stageEnded = stage.map(s -> s.status() == StageStatus.SUCCEEDED || s.status() == StageStatus.FAILED)
          .orElse(false);
      Future<Optional<Boolean>> pending = markComplete && stageEnded
          ? migrated(stored.id(), stage.get().id(), workflow.subject().failed().version(), 0).map(Optional::of)
          : Future.succeededFuture(Optional.empty());
      return pending.map(stillPending -> List.<IncidentObservation>of(new NextRunSeen(workflow.stageId(),
          new IncidentWorkflow.NextRun(record.run().id(), stored.status(),
              stage.map(s -> s.status().name()).orElse("NONE"), stillPending), clock.instant())));
    });
  }

  /** Whether the job log pdm streamed for a run's stage shows {@code version} migrating. */
  private Future<Boolean> migrated(UUID runId, String stageId, String version, long since) {
    Pattern migrating = Pattern.compile("==\\s+" + Pattern.quote(version) + "\\s+\\w+:\\s+migrating");
    return store.eventsAfter(runId, since, LOG_PAGE).compose(events -> {
      boolean found = events.stream().filter(e -> "JobLog".equals(e.type()))
          .filter(e -> stageId.equals(e.payload().getString("stage_id")))
          .flatMap(e -> e.payload().getJsonArray("lines", new io.vertx.core.json.JsonArray()).stream())
          .anyMatch(line -> migrating.matcher(String.valueOf(line)).find());
      if (found || events.size() < LOG_PAGE) {
        return Future.succeededFuture(found);
      }
      return migrated(runId, stageId, version, events.get(events.size() - 1).seq());
    });
  }

  /** A release item whose merge request's merge commit is in the package of every production environment. */
  private Future<List<IncidentObservation>> shipped(IncidentWorkflow workflow, IncidentWorkflow.ReleaseItem item) {
    Optional<String> mergeCommit = workflow.plan().flatMap(MitigationPlan::mergeRequest)
        .filter(mr -> mr.iid() == item.mergeRequestIid()).flatMap(FixMergeRequest::mergeCommitSha);
    List<String> production = workflow.subject().productionEnvironments();
    if (mergeCommit.isEmpty() || production.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return environmentsWith(mergeCommit.get(), production).map(on -> on.containsAll(production)
        ? List.<IncidentObservation>of(new ReleaseItemShipped(workflow.stageId(), item.key(), clock.instant()))
        : List.of());
  }

  private static String state(Issue issue) {
    return issue.getState() == null ? "unknown" : issue.getState().toValue();
  }

  private static List<String> labels(Issue issue) {
    return issue.getLabels() == null ? List.of() : List.copyOf(issue.getLabels());
  }

  /** The issue number at the end of an issue's web URL ({@code .../-/issues/12}, {@code .../issues/incident/12}). */
  static Optional<Long> issueNumber(String webUrl) {
    Matcher matcher = ISSUE_NUMBER.matcher(webUrl);
    return matcher.find() ? Optional.of(Long.parseLong(matcher.group(1))) : Optional.empty();
  }
}
