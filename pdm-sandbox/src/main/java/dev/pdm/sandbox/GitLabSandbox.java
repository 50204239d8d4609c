package dev.pdm.sandbox;

import dev.pdm.sandbox.SandboxSnapshots.DeploymentSnapshot;
import dev.pdm.sandbox.SandboxSnapshots.IssueSnapshot;
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
import dev.pdm.sandbox.state.Project;
import dev.pdm.sandbox.state.ScenarioSeeder;
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
import java.util.Optional;
import java.util.Set;
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
  private final InjectedFaults faults = new InjectedFaults();
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

  private record World(GitLabState state, PipelineEngine pipelines) {
  }

  private GitLabSandbox(Vertx vertx, Context context, SandboxOptions options) {
    this.vertx = vertx;
    this.context = context;
    this.options = options;
    this.clock = new SandboxClock(vertx, context, Instant.now(), options.speed());
    this.scenario = options.scenario();
  }

  /** Starts a sandbox on {@code vertx}; the future completes once it serves the scenario. */
  public static Future<GitLabSandbox> start(Vertx vertx, SandboxOptions options) {
    Context context = vertx.getOrCreateContext();
    GitLabSandbox sandbox = new GitLabSandbox(vertx, context, options);
    Promise<GitLabSandbox> started = Promise.promise();
    context.runOnContext(v -> sandbox.listen().compose(x -> sandbox.load(options.scenario()))
        .onSuccess(x -> {
          sandbox.clock.startRealTime();
          LOG.info("sandbox serving scenario {} at {}", options.scenario(), sandbox.url);
          started.complete(sandbox);
        })
        .onFailure(e -> sandbox.close().onComplete(c -> started.fail(e))));
    return started.future();
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

  /** Replaces all state with a fresh copy of a scenario (name or path); faults re-armed. */
  public Future<Void> load(String nameOrPath) {
    return vertx.executeBlocking(() -> loader.load(nameOrPath))
        .compose(loaded -> onContext(() -> install(loaded, nameOrPath)));
  }

  /** Reloads the current scenario: state, clock tasks, faults, deliveries and chat cleared. */
  public Future<Void> reset() {
    return load(scenario);
  }

  private Void install(Scenario loaded, String nameOrPath) {
    GitLabState state = ScenarioSeeder.seed(loaded, clock::now);
    clock.clear();
    faults.clear();
    webhooks.clear();
    chat.clear();
    slack.reset(state.users().stream().map(u -> SlackSandbox.memberFor(u.id(), u.username(), u.name(), u.email()))
        .toList());
    faults.arm(state.faults());
    state.onDeployment(webhooks::deploymentChanged);
    world = new World(state, new PipelineEngine(state, clock, faults, webhooks));
    scenario = nameOrPath;
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

  /** The token the sandbox accepts. */
  public String token() {
    return options.token();
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

  @Override
  public GitLabState state() {
    return world.state();
  }

  @Override
  public PipelineEngine pipelineEngine() {
    return world.pipelines();
  }

  ChatSink chat() {
    return chat;
  }

  private Optional<Project> project(String path) {
    return state().project(path);
  }

  private <T> Future<T> onContext(java.util.concurrent.Callable<T> action) {
    return ContextCall.on(context, action);
  }
}
