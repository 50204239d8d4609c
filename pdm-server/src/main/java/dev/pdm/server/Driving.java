package dev.pdm.server;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.gitlab.GitLabClientOptions;
import dev.pdm.core.notify.ChatMessageRenderer;
import dev.pdm.server.notify.ChatNotifier;
import io.vertx.ext.web.client.WebClient;
import dev.pdm.core.run.Command;
import dev.pdm.core.triage.TriageLookup;
import dev.pdm.server.api.OverviewCache;
import dev.pdm.server.orchestrator.ChecksExecutor;
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
import java.util.UUID;
import java.util.function.IntSupplier;

/** The parts that drive runs against a GitLab: client, orchestrator, executors, follower. Wiring only. */
record Driving(GitLabClient gitLab, PlanLayout plan, Orchestrator orchestrator, RunFollower follower,
    RunPreparer preparer, RunStore store, OverviewCache overview, TriageLookup triage, Clock clock) {
  private static final Duration LEASE = Duration.ofSeconds(15);
  private static final Duration TICK = Duration.ofSeconds(1);

  static Driving create(Vertx vertx, PdmConfig config, Pool pool, RunStore store, Clock clock,
      IntSupplier listening) {
    PdmConfig.GitLab gitlab = config.gitlab().orElseThrow();
    GitLabClient client = new GitLabClient(vertx, GitLabClientOptions.of(gitlab.url(), gitlab.token().reveal())
        .withTimeout(Duration.ofSeconds(gitlab.requestTimeoutSeconds())), clock);
    PlanLayout plan = new PlanLayout(config);
    RunFollower follower = new RunFollower(client, plan, clock,
        Duration.ofSeconds(config.polling().activeIntervalSeconds()));
    ChecksExecutor checks = new ChecksExecutor(client, plan, clock);
    TriageLookup triage = new TriageLookup(vertx, client, config.projects().canonical(),
        config.triage().databaseMaintainersGroup(), config.triage().approvedLabel());
    CommandExecutors executors = new CommandExecutors()
        .on(Command.RunChecks.class, checks)
        .on(Command.TriggerPipeline.class, new TriggerExecutor(client, plan, clock))
        .on(Command.FollowPipeline.class, new FollowExecutor(follower))
        .on(Command.Triage.class, new TriageExecutor(vertx, client, plan, triage, clock))
        .on(Command.RecordDeployment.class, new DeploymentRecorder(client, plan, clock))
        .on(Command.LabelMergeRequests.class, new MergeRequestLabeler(client, plan, clock))
        .on(Command.CommentOnReleaseIssue.class, new ReleaseIssueCommenter(client, plan, clock))
        .on(Command.Notify.class, new NotifyExecutor(ChatMessageRenderer.forEnvironments(config.environments()),
            new ChatNotifier(config.chat().webhooks(), WebClient.create(vertx)),
            () -> config.server().publicUrl().orElse("http://localhost:" + listening.getAsInt())));
    Orchestrator orchestrator = new Orchestrator(vertx, store, new RunLeases(pool), executors, follower,
        "replica-" + UUID.randomUUID().toString().substring(0, 8), LEASE);
    OverviewCache overview = new OverviewCache(vertx, client, plan, checks, clock,
        Duration.ofSeconds(config.polling().idleIntervalSeconds()));
    return new Driving(client, plan, orchestrator, follower, new RunPreparer(client, plan, clock), store, overview,
        triage, clock);
  }

  void start() {
    orchestrator.start(TICK);
    overview.start();
  }

  /** Hands a webhook observation to the runs following its pipeline. */
  void observe(dev.pdm.core.hooks.GitLabObservation observation) {
    store.active()
        .map(active -> active.stream().map(r -> Orchestrator.Loaded.of(r).record()).toList())
        .compose(records -> follower.observe(observation, records, orchestrator));
  }

  Future<Void> stop() {
    overview.stop();
    return orchestrator.stop().onComplete(v -> gitLab.close());
  }
}
