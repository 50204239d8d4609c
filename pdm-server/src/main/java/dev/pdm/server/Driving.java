package dev.pdm.server;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.gitlab.GitLabClientOptions;
import dev.pdm.core.gitlab.GitLabException;
import dev.pdm.server.api.RunsApi;
import java.util.Optional;
import dev.pdm.core.gitlab.GitLabRequestListener;
import dev.pdm.core.notify.ChatMessageRenderer;
import dev.pdm.server.notify.ChatNotifier;
import io.vertx.ext.web.client.WebClient;
import dev.pdm.core.incident.IncidentCommand;
import dev.pdm.core.run.Command;
import dev.pdm.core.triage.JobLogStream;
import dev.pdm.server.incident.IncidentAnnouncer;
import dev.pdm.server.incident.IncidentFollower;
import dev.pdm.server.incident.IncidentLabelExecutor;
import dev.pdm.server.incident.IncidentNoteExecutor;
import dev.pdm.server.incident.ReleaseChecklistWriter;
import dev.pdm.server.incident.ReleaseManagerList;
import dev.pdm.core.triage.TriageLookup;
import dev.pdm.server.api.OverviewCache;
import dev.pdm.server.api.PendingRisks;
import dev.pdm.server.metrics.PdmMetrics;
import dev.pdm.server.orchestrator.ChecksExecutor;
import dev.pdm.server.orchestrator.DeploymentLockCloser;
import dev.pdm.server.orchestrator.DeploymentLockOpener;
import dev.pdm.server.orchestrator.MigrationWatch;
import dev.pdm.server.orchestrator.ScheduledRuns;
import dev.pdm.server.store.MigrationDurations;
import dev.pdm.server.store.ScheduleFirings;
import dev.pdm.server.orchestrator.CommandExecutors;
import dev.pdm.server.orchestrator.DeploymentRecorder;
import dev.pdm.server.orchestrator.FollowExecutor;
import dev.pdm.server.orchestrator.MergeRequestLabeler;
import dev.pdm.server.orchestrator.NotifyExecutor;
import dev.pdm.server.orchestrator.Orchestrator;
import dev.pdm.server.orchestrator.PlanLayout;
import dev.pdm.server.orchestrator.ReleaseIssueCommenter;
import dev.pdm.server.orchestrator.RunFollower;
import dev.pdm.server.orchestrator.RunPreparer;
import dev.pdm.server.orchestrator.TriageExecutor;
import dev.pdm.server.orchestrator.TriggerExecutor;
import dev.pdm.server.store.RunLeases;
import dev.pdm.server.store.RunStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The parts that drive runs against a GitLab: client, orchestrator, executors, follower. Wiring only. */
record Driving(GitLabClient gitLab, PlanLayout plan, Orchestrator orchestrator, RunFollower follower,
    IncidentFollower incidents, ReleaseManagerList managers, RunPreparer preparer, RunStore store,
    OverviewCache overview, TriageLookup triage, Clock clock, PdmConfig.Orchestration times,
    MigrationDurations durations, ScheduleFirings firings, Optional<ScheduledRuns> scheduled) {
  private static final Logger LOG = LoggerFactory.getLogger(Driving.class);

  static Driving create(Vertx vertx, PdmConfig config, Pool pool, RunStore store, Clock clock,
      IntSupplier listening, PdmMetrics metrics, GitLabRequestListener reachability) {
    PdmConfig.GitLab gitlab = config.gitlab().orElseThrow();
    GitLabClientOptions options = GitLabClientOptions.of(gitlab.url(), gitlab.token().reveal())
        .withTimeout(Duration.ofSeconds(gitlab.requestTimeoutSeconds()));
    GitLabClient client = new GitLabClient(vertx, options.withRetries(gitlab.maxReadRetries(), options.initialBackoff(),
        options.maxBackoff()), clock, exchange -> {
          metrics.exchanged(exchange);
          reachability.exchanged(exchange);
        });
    PlanLayout plan = new PlanLayout(config);
    PdmConfig.Orchestration times = config.orchestrator();
    Duration polling = Duration.ofSeconds(config.polling().activeIntervalSeconds());
    JobLogStream logs = new JobLogStream(vertx, client, config.jobLog().windowBytes());
    MigrationDurations durations = new MigrationDurations(pool);
    RunFollower follower = new RunFollower(client, plan, clock, polling, store, logs, config.jobLog(), metrics,
        new MigrationWatch(durations, plan, config.budgets(), clock));
    ChecksExecutor checks = new ChecksExecutor(client, plan, clock);
    TriageLookup triage = new TriageLookup(vertx, client, config.projects().canonical(),
        config.triage().databaseMaintainersGroup(), config.triage().approvedLabel());
    ReleaseManagerList managers = new ReleaseManagerList(client, config.releaseManagers());
    IncidentFollower incidents = new IncidentFollower(client, plan, store, managers, clock,
        Duration.ofSeconds(config.polling().idleIntervalSeconds()));
    Supplier<String> pdmUrl = () -> config.server().publicUrl().orElse("http://localhost:" + listening.getAsInt());
    ChatNotifier chat = new ChatNotifier(config.chat().webhooks(), WebClient.create(vertx));
    ReleaseChecklistWriter releaseChecklist = new ReleaseChecklistWriter(client, config.releaseIssue(),
        incidents.settings(), clock);
    CommandExecutors executors = new CommandExecutors()
        .on(Command.RunChecks.class, checks)
        .on(Command.TriggerPipeline.class, new TriggerExecutor(client, plan, clock,
            Duration.ofSeconds(times.triggerQuietPeriodSeconds()), Duration.ofSeconds(times.checksMaxAgeSeconds()), polling))
        .on(Command.FollowPipeline.class, new FollowExecutor(follower))
        .on(Command.Triage.class, new TriageExecutor(logs, client, plan, triage, clock))
        .on(Command.RecordDeployment.class, new DeploymentRecorder(client, plan, clock))
        .on(Command.LabelMergeRequests.class, new MergeRequestLabeler(client, plan, clock))
        .on(Command.CommentOnReleaseIssue.class, new ReleaseIssueCommenter(client, plan, clock))
        .on(Command.OpenDeploymentLock.class, new DeploymentLockOpener(client, plan))
        .on(Command.CloseDeploymentLock.class, new DeploymentLockCloser(client, plan))
        .on(Command.Notify.class, new NotifyExecutor(ChatMessageRenderer.forEnvironments(config.environments()), chat,
            pdmUrl, dev.pdm.server.chatops.ChatOps.announcer(vertx, config, pool, client, clock)))
        .on(IncidentCommand.NoteOnIncident.class, new IncidentNoteExecutor(client, incidents.settings(), pdmUrl, clock))
        .on(IncidentCommand.LabelIncident.class, new IncidentLabelExecutor(client))
        .on(IncidentCommand.AnnounceIncidentStep.class, new IncidentAnnouncer(chat, pdmUrl))
        .on(IncidentCommand.AddReleaseItem.class, releaseChecklist::add)
        .on(IncidentCommand.TickReleaseItem.class, releaseChecklist::tick);
    Orchestrator orchestrator = new Orchestrator(vertx, store, new RunLeases(pool), executors, List.of(follower, incidents),
        "replica-" + UUID.randomUUID().toString().substring(0, 8), Duration.ofSeconds(times.leaseSeconds()), clock,
        times.commandRetryBudget(), metrics);
    metrics.watchOrchestrator(orchestrator::status);
    OverviewCache overview = new OverviewCache(vertx, client, plan, checks, clock,
        Duration.ofSeconds(config.polling().idleIntervalSeconds()), metrics,
        new PendingRisks(vertx, client, config, durations));
    RunPreparer preparer = new RunPreparer(client, plan, clock);
    ScheduleFirings firings = new ScheduleFirings(pool);
    Optional<ScheduledRuns> scheduled = config.schedule().autoExecute().map(auto -> new ScheduledRuns(vertx, auto, firings,
        store, preparer, checks, plan, orchestrator, clock));
    return new Driving(client, plan, orchestrator, follower, incidents, managers, preparer, store, overview, triage,
        clock, times, durations, firings, scheduled);
  }

  /** A pipeline of a run's stage, as GitLab has it: what an operator may adopt. */
  RunsApi.PipelineLookup pipelines() {
    return (loaded, stageId, pipelineId) -> loaded.record().run().stage(stageId)
        .map(stage -> gitLab.pipeline(plan.project(stage), pipelineId)
            .map(p -> Optional.of(String.valueOf(p.getWebUrl())))
            .recover(err -> GitLabException.isNotFound(err) ? Future.succeededFuture(Optional.<String>empty())
                : Future.failedFuture(err)))
        .orElse(Future.succeededFuture(Optional.empty()));
  }

  void start() {
    orchestrator.start(Duration.ofSeconds(times.tickSeconds()));
    overview.start();
    scheduled.ifPresent(ScheduledRuns::start);
  }

  /**
   * A webhook is a hint: the runs following its pipeline read that pipeline from GitLab's API now, and incident
   * workflows read GitLab at their next look.
   */
  void observe(dev.pdm.core.hooks.GitLabObservation observation) {
    incidents.observe(observation);
    follower.observe(observation, orchestrator)
        .onFailure(err -> LOG.warn("reading GitLab after a webhook ({}) failed; polling will catch up: {}",
            observation.getClass().getSimpleName(), err.getMessage()));
  }

  Future<Void> stop() {
    overview.stop();
    scheduled.ifPresent(ScheduledRuns::stop);
    return orchestrator.stop(Duration.ofSeconds(times.shutdownGraceSeconds())).onComplete(v -> gitLab.close());
  }
}
