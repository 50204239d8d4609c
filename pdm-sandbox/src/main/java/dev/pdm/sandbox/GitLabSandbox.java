package dev.pdm.sandbox;

import dev.pdm.sandbox.SandboxSnapshots.DeploymentSnapshot;
import dev.pdm.sandbox.SandboxSnapshots.IssueSnapshot;
import dev.pdm.sandbox.SandboxSnapshots.MergeRequestSnapshot;
import dev.pdm.sandbox.SandboxSnapshots.PipelineSnapshot;
import dev.pdm.sandbox.api.Backend;
import dev.pdm.sandbox.api.GitLabJson;
import dev.pdm.sandbox.api.RestApi;
import dev.pdm.sandbox.chat.ChatMessage;
import dev.pdm.sandbox.chat.ChatSink;
import dev.pdm.sandbox.ci.PipelineEngine;
import dev.pdm.sandbox.faults.InjectedFaults;
import dev.pdm.sandbox.hooks.WebhookDelivery;
import dev.pdm.sandbox.hooks.WebhookDispatcher;
import dev.pdm.sandbox.scenario.Scenario;
import dev.pdm.sandbox.slack.SlackSandbox;
import dev.pdm.sandbox.scenario.ScenarioLoader;
import dev.pdm.sandbox.state.GitLabState;
import dev.pdm.sandbox.state.MergeRequest;
import dev.pdm.sandbox.state.PackageDeployer;
import dev.pdm.sandbox.state.Project;
import dev.pdm.sandbox.state.ScenarioSeeder;
import dev.pdm.sandbox.state.User;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated GitLab (REST API v4, pipelines on a clock, webhooks) plus a chat sink, served over
 * HTTP from one Vert.x context. Start it with {@link #start}; everything is non-blocking.
 */
public final class GitLabSandbox implements Backend {
  private static final Logger LOG = LoggerFactory.getLogger(GitLabSandbox.class);
  private static final long MAX_BODY_BYTES = 1 << 20;
  /** The simulated Slack app's bot token. */
  public static final String SLACK_BOT_TOKEN = "xoxb-0000-pdm-sandbox";

  private final Vertx vertx;
  private final Context context;
  private final SandboxOptions options;
  private final SandboxClock clock;
  private final InjectedFaults faults;
  private final ChatSink chat = new ChatSink();
  private final ScenarioLoader loader = new ScenarioLoader();
  private HttpServer server;
  private WebClient client;
  private String url;
  private WebhookDispatcher webhooks;
  private RestApi restApi;
  private SlackSandbox slack;
  private volatile World world;
  private volatile String scenario;
  private volatile Callable<Scenario> reload;

  private record World(GitLabState state, PipelineEngine pipelines) {
  }

  private GitLabSandbox(Vertx vertx, Context context, SandboxOptions options) {
    this.vertx = vertx;
    this.context = context;
    this.options = options;
    this.clock = new SandboxClock(vertx, context, Instant.now(), options.speed());
    this.faults = new InjectedFaults(clock::now);
    this.scenario = options.scenario();
    this.reload = () -> loader.load(options.scenario());
  }

  /** Starts a sandbox on {@code vertx}; the future completes once it serves the scenario. */
  public static Future<GitLabSandbox> start(Vertx vertx, SandboxOptions options) {
    Context context = vertx.getOrCreateContext();
    GitLabSandbox sandbox = new GitLabSandbox(vertx, context, options);
    Promise<GitLabSandbox> started = Promise.promise();
    context.runOnContext(v -> sandbox.checkScenariosDir().compose(x -> sandbox.listen())
        .compose(x -> sandbox.load(options.scenario()))
        .onSuccess(x -> {
          sandbox.clock.startRealTime();
          LOG.info("sandbox serving scenario {} at {}", options.scenario(), sandbox.url);
          started.complete(sandbox);
        })
        .onFailure(e -> sandbox.close().onComplete(c -> started.fail(e))));
    return started.future();
  }

  private Future<Void> checkScenariosDir() {
    return options.scenariosDir().map(dir -> vertx.<Void>executeBlocking(() -> {
      if (!java.nio.file.Files.isDirectory(dir)) {
        throw new IllegalArgumentException("scenarios directory " + dir + " is not a"
            + " directory; expected an existing directory of scenario files");
      }
      return null;
    })).orElse(Future.succeededFuture());
  }

  private Future<Void> listen() {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.route(RestApi.ROOT + "/*").handler(ctx -> {
      if (world == null) {
        ctx.response().setStatusCode(503).end();
      } else {
        restApi.handle(ctx);
      }
    });
    router.route(HttpMethod.POST, ChatSink.PATH).handler(chat::receive);
    client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
    slack = new SlackSandbox(vertx, client, SLACK_BOT_TOKEN, () -> url);
    slack.register(router);
    new SandboxIntrospection(this).register(router);
    router.get("/").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain")
        .end("pdm-sandbox: a simulated GitLab. API at " + RestApi.ROOT + "\n"));
    router.get("/*").last().handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end("pdm-sandbox has no web UI. On GitLab this link would open " + ctx.request().path()
            + "\nThe API has it: " + url + RestApi.ROOT + "\n"));
    return vertx.createHttpServer().requestHandler(router).listen(options.port(), options.host())
        .map(s -> {
          server = s;
          url = "http://" + options.host() + ":" + s.actualPort();
          webhooks = new WebhookDispatcher(client, this::state, faults, url);
          restApi = new RestApi(vertx, options.token(), this, faults, new GitLabJson(url));
          return null;
        });
  }

  /** Replaces all state with a fresh copy of a scenario (name or any path); faults re-armed. */
  public Future<Void> load(String nameOrPath) {
    return load(nameOrPath, () -> loader.load(nameOrPath));
  }

  /**
   * Like {@link #load} for a request from outside: a built-in name or a file under the
   * scenarios directory ({@link SandboxOptions#withScenariosDir}), nothing else.
   */
  public Future<Void> loadConfined(String nameOrFile) {
    return load(nameOrFile, () -> loader.loadConfined(nameOrFile, options.scenariosDir()));
  }

  /** Reloads the current scenario: state, clock tasks, faults, deliveries and chat cleared. */
  public Future<Void> reset() {
    return load(scenario, reload);
  }

  private Future<Void> load(String name, Callable<Scenario> read) {
    return vertx.executeBlocking(read)
        .compose(loaded -> onContext(() -> install(loaded, name, read)));
  }

  private Void install(Scenario loaded, String nameOrPath, Callable<Scenario> read) {
    GitLabState state = ScenarioSeeder.seed(loaded, clock::now);
    clock.clear();
    faults.clear();
    webhooks.clear();
    chat.clear();
    slack.reset(state.users().stream().map(u -> SlackSandbox.memberFor(u.id(), u.username(), u.name(), u.email()))
        .toList());
    faults.arm(state.faults());
    state.onDeployment(webhooks::deploymentChanged);
    state.onIssue(webhooks::issueChanged);
    world = new World(state, new PipelineEngine(state, clock, faults, webhooks));
    scenario = nameOrPath;
    reload = read;
    LOG.info("scenario {} loaded", loaded.name());
    return null;
  }

  /** Stops serving and stops the clock. */
  public Future<Void> close() {
    return onContext(() -> {
      clock.stop();
      return null;
    }).compose(v -> server == null ? Future.succeededFuture() : server.close())
        .onComplete(v -> {
          if (client != null) {
            client.close();
          }
        });
  }

  // --- the embeddable API

  /** e.g. {@code http://127.0.0.1:PORT}; the API is under {@code /api/v4}. */
  public String url() {
    return url;
  }

  /** {@code url() + "/api/v4"}. */
  public String apiUrl() {
    return url + RestApi.ROOT;
  }

  /** The options it was started with. */
  public SandboxOptions options() {
    return options;
  }

  /** The token the sandbox accepts. */
  public String token() {
    return options.token();
  }

  /** The chat sink: its messages, and an outage to inject ({@link ChatSink#failWith}). */
  public ChatSink chat() {
    return chat;
  }

  /** The Slack-compatible incoming webhook URL of the chat sink. */
  public String chatWebhookUrl() {
    return url + ChatSink.PATH;
  }

  /** The simulated Slack workspace: its Web API, messages, and signed requests to pdm. */
  public SlackSandbox slack() {
    return slack;
  }

  /** The simulated Slack Web API's base URL ({@code chat.slack.api_url}). */
  public String slackApiUrl() {
    return url + SlackSandbox.API;
  }

  public SandboxClock clock() {
    return clock;
  }

  /** The faults armed now; arm more with {@code faults().arm(...)}. */
  public InjectedFaults faults() {
    return faults;
  }

  /** The name or path of the scenario loaded. */
  public String scenario() {
    return scenario;
  }

  public List<ChatMessage> chatMessages() {
    return chat.messages();
  }

  public List<WebhookDelivery> webhookDeliveries() {
    return webhooks.deliveries();
  }

  /** Pipelines created in a project (by path), oldest first. */
  public List<PipelineSnapshot> pipelines(String projectPath) {
    return project(projectPath).map(p -> state().pipelines(p).stream()
        .map(PipelineSnapshot::of).toList()).orElse(List.of());
  }

  /** Deployments of a project (by path), oldest first. */
  public List<DeploymentSnapshot> deployments(String projectPath) {
    return project(projectPath).map(p -> state().deployments(p).stream()
        .map(DeploymentSnapshot::of).toList()).orElse(List.of());
  }

  /** Issues of a project (by path) with their labels and notes. */
  public List<IssueSnapshot> issues(String projectPath) {
    return project(projectPath).map(p -> state().issues(p).stream().map(IssueSnapshot::of)
        .toList()).orElse(List.of());
  }

  /** Current labels of a merge request. */
  public List<String> mergeRequestLabels(String projectPath, long iid) {
    return project(projectPath).flatMap(p -> state().mergeRequest(p, iid))
        .map(mr -> mr.labels()).orElse(List.of());
  }

  /** Migration versions recorded as run on an environment (e.g. gstg). */
  public Set<String> schemaMigrations(String environment) {
    return state().schemaMigrations(environment);
  }

  /** Merge requests of a project (by path), opened and merged. */
  public List<MergeRequestSnapshot> mergeRequests(String projectPath) {
    return project(projectPath).map(p -> state().mergeRequests(p).stream()
        .map(MergeRequestSnapshot::of).toList()).orElse(List.of());
  }

  /** A pipeline by id, committed or not (empty once deleted). */
  public Optional<PipelineSnapshot> pipeline(long id) {
    return state().anyPipeline(id).map(PipelineSnapshot::of);
  }

  // --- changes a test or the demo makes, as people would on GitLab

  /**
   * Deletes a pipeline as {@code DELETE /projects/:id/pipelines/:pipeline_id} does (committed
   * or not). Fails with {@link NoSuchElementException} when there is no such pipeline.
   */
  public Future<Void> deletePipeline(long pipelineId) {
    return onContext(() -> {
      pipelineEngine().delete(state().anyPipeline(pipelineId).orElseThrow(() ->
          new NoSuchElementException("pipeline " + pipelineId + " does not exist; expected"
              + " the id of a pipeline that was created and not deleted")));
      return null;
    });
  }

  /**
   * Merges an open merge request as {@code mergedBy} (a username; empty: its first approver,
   * else the API user). Fails with {@link NoSuchElementException} for an unknown project, MR
   * or user and {@link IllegalStateException} when the MR is not open.
   */
  public Future<MergeRequestSnapshot> mergeMergeRequest(String projectPath, long iid,
      Optional<String> mergedBy) {
    return onContext(() -> {
      Project project = project(projectPath).orElseThrow(() -> unknownProject(projectPath));
      MergeRequest mr = state().mergeRequest(project, iid).orElseThrow(() ->
          new NoSuchElementException("merge request !" + iid + " does not exist in "
              + projectPath + "; expected one of " + state().mergeRequests(project).stream()
              .map(m -> "!" + m.iid).toList()));
      User by = mergedBy.map(u -> state().user(u).orElseThrow(() -> new NoSuchElementException(
              "user '" + u + "' does not exist in the scenario")))
          .orElse(mr.approvedBy.isEmpty() ? state().apiUser() : mr.approvedBy.get(0));
      return MergeRequestSnapshot.of(state().merge(mr, by, Optional.empty()));
    });
  }

  /** Deploys the default branch's head to {@code environment} of the package projects. */
  public Future<List<DeploymentSnapshot>> deployPackage(String environment) {
    return deployPackage(Optional.empty(), environment, Optional.empty());
  }

  /**
   * Deploys the default branch's head as a successful package deployment on
   * {@code environment} (e.g. gstg) of {@code project} (empty: the canonical project and its
   * security mirror) on {@code ref} (empty: an auto-deploy branch name from the clock). Fails
   * with {@link IllegalArgumentException} naming a bad value.
   */
  public Future<List<DeploymentSnapshot>> deployPackage(Optional<String> project,
      String environment, Optional<String> ref) {
    return onContext(() -> new PackageDeployer(state()).deploy(project, environment, ref)
        .stream().map(DeploymentSnapshot::of).toList());
  }

  /**
   * Records a migration as run on an environment, as a DBRE does by inserting into
   * schema_migrations; true if it was not recorded yet. Fails with
   * {@link IllegalArgumentException} for an environment whose schema_migrations the sandbox
   * does not track or a version no post-deploy migration of the canonical project has.
   */
  public Future<Boolean> markMigrationComplete(String environment, String version) {
    return onContext(() -> {
      Set<String> tracked = state().trackedEnvironments();
      if (!tracked.contains(environment)) {
        throw new IllegalArgumentException("environment '" + environment + "' has no"
            + " schema_migrations in the sandbox; expected one of " + new TreeSet<>(tracked));
      }
      Set<String> versions = state().postDeployMigrationVersions();
      if (!versions.contains(version)) {
        throw new IllegalArgumentException("version '" + version + "' is not a post-deploy"
            + " migration of the canonical project; expected one of " + versions);
      }
      boolean added = !state().schemaMigrations(environment).contains(version);
      state().markMigrated(environment, version);
      LOG.info("migration {} marked complete on {}", version, environment);
      return added;
    });
  }

  @Override
  public GitLabState state() {
    return world.state();
  }

  @Override
  public PipelineEngine pipelineEngine() {
    return world.pipelines();
  }

  private Optional<Project> project(String path) {
    return state().project(path);
  }

  private NoSuchElementException unknownProject(String path) {
    return new NoSuchElementException("project '" + path + "' does not exist; expected one of "
        + state().projects().stream().map(Project::path).toList());
  }

  private <T> Future<T> onContext(Callable<T> action) {
    return ContextCall.on(context, action);
  }
}
