package dev.pdm.server;

import dev.pdm.core.auth.ApiTokens;
import dev.pdm.core.auth.TokenHash;
import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.config.Secret;
import dev.pdm.sandbox.GitLabSandbox;
import dev.pdm.sandbox.SandboxOptions;
import dev.pdm.sandbox.slack.SlackWorkspace;
import dev.pdm.server.metrics.PdmMetrics;
import dev.pdm.server.store.DatabaseUrl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --sandbox}: pdm against the simulated GitLab in the same process. The configuration is pointed at the
 * sandbox (its URL and token, a fresh webhook secret, its chat sink, its Slack workspace with a fresh signing secret)
 * and, once pdm listens, GitLab-style project hooks are registered so that pipeline and job events reach
 * {@code /hooks/gitlab} as they would from GitLab, and the sandbox's Slack app sends its commands to pdm.
 *
 * <p>A sandbox publishes a well-known operator token, so it keeps to itself: it listens on 127.0.0.1 unless a host is
 * given explicitly, keeps its runs in its own embedded store ({@code <data_dir>/sandbox}, never {@code database.url},
 * so no production replica ever sees or drives its runs) and announces only to its own chat sink.
 */
public final class SandboxMode {
  /** Where, under {@code server.data_dir}, the sandbox keeps its own store. */
  public static final String DATA_SUBDIRECTORY = "sandbox";

  private SandboxMode() {
  }

  /** pdm and the simulated GitLab it drives, running in one process. */
  public record Running(GitLabSandbox sandbox, PdmServer server, PdmConfig config, int unusedChatWebhooks) {
    public Future<Void> close() {
      return server.close().eventually(sandbox::close);
    }

    /** What the sandbox is and is not connected to, printed when it starts. */
    public List<String> banner(String dataDir) {
      String host = config.server().host();
      String port = Integer.toString(server.port());
      List<String> lines = new ArrayList<>();
      lines.add("pdm SANDBOX MODE: a simulated GitLab and chat; nothing reaches a real GitLab, database or channel.");
      lines.add("  listening on " + host + ":" + port + (host.equals(LOOPBACK) ? " only (give --host to listen"
          + " elsewhere)" : " (as --host asked: others can reach the well-known operator token)"));
      lines.add("  store: its own embedded PostgreSQL in " + dataDir + " (database.url is refused in sandbox mode)");
      lines.add("  chat: the sandbox chat sink only" + (unusedChatWebhooks == 0 ? ""
          : " (" + unusedChatWebhooks + " configured chat.webhooks not used)"));
      lines.add("  simulated GitLab (scenario " + sandbox.scenario() + "): " + sandbox.url() + "/api/v4  token: "
          + sandbox.token());
      lines.add("  pdm operator token: " + sandbox.token() + " (well known: whoever reaches this port may start"
          + " runs here; e.g. PDM_SERVER=http://localhost:" + port + " PDM_TOKEN=" + sandbox.token()
          + " pdm overview)");
      lines.add("open the live page (signed in): http://localhost:" + port + "/#token=" + sandbox.token());
      lines.add("try ChatOps as the release manager in the simulated Slack (#releases): curl -s "
          + sandbox.url() + "/-/sandbox/slack/command -H 'Content-Type: application/json' -d '{\"user\": \""
          + SlackWorkspace.RELEASE_MANAGER.id() + "\", \"text\": \"execute\"}'  (then click Run: the same with "
          + "/-/sandbox/slack/click and {\"user\": \"" + SlackWorkspace.RELEASE_MANAGER.id()
          + "\", \"action_id\": \"pdm_run\"}; see it all at " + sandbox.url() + "/-/sandbox/slack)");
      return lines;
    }
  }

  /** The loopback address a sandbox listens on unless told otherwise. */
  public static final String LOOPBACK = "127.0.0.1";

  /**
   * Why {@code configured} cannot run as a sandbox, if it cannot: a {@code database.url} would put the sandbox's
   * runs (and its well-known operator token's doings) in a store production replicas read.
   */
  public static Optional<String> refusal(PdmConfig configured) {
    return configured.database().url().map(url -> "--sandbox runs on its own embedded PostgreSQL, never on"
        + " database.url (it is set, in the configuration file or PDM_DATABASE_URL): a production replica would see"
        + " and drive the sandbox's runs. Remove database.url, or run without --sandbox.");
  }

  /**
   * {@code configured} as a sandbox starts from: listening on {@value #LOOPBACK} unless {@code hostGiven}, its store
   * under {@code <data_dir>/}{@value #DATA_SUBDIRECTORY}.
   */
  public static PdmConfig localOnly(PdmConfig configured, boolean hostGiven) {
    PdmConfig.Server server = configured.server();
    PdmConfig.Server local = new PdmConfig.Server(hostGiven ? server.host() : LOOPBACK, server.port(),
        server.publicUrl(), Path.of(server.dataDir(), DATA_SUBDIRECTORY).toString(), server.idleTimeoutSeconds(),
        server.requestTimeoutSeconds(), server.trustForwardedHeaders());
    return new PdmConfig(local, configured.database(), configured.gitlab(), configured.projects(),
        configured.environments(), configured.plan(), configured.checks(), configured.triage(),
        configured.releaseIssue(), configured.chat(), configured.auth(), configured.polling(), configured.jobLog(),
        configured.orchestrator(), configured.schedule(), configured.budgets(), configured.risk(), configured.metrics(),
        configured.logging(), configured.releaseManagers());
  }

  /**
   * Starts the sandbox, then pdm configured against it (the sandbox token is an operator token besides
   * {@code tokens}), then registers the webhooks. pdm reads the sandbox's simulated time: its own waits (quiet periods,
   * backoffs, the age of checks) move with the simulated GitLab's, also when a test drives that clock by hand.
   */
  public static Future<Running> start(Vertx vertx, PdmConfig base, SandboxOptions options, DatabaseUrl database,
      List<PdmConfig.ApiToken> tokens, PdmMetrics metrics) {
    return GitLabSandbox.start(vertx, options).compose(sandbox -> attach(vertx, base, sandbox, database, tokens,
        metrics).onFailure(err -> sandbox.close()));
  }

  /** Starts pdm against a sandbox already running (as {@link #start} does; a test restarts pdm this way). */
  public static Future<Running> attach(Vertx vertx, PdmConfig base, GitLabSandbox sandbox, DatabaseUrl database,
      List<PdmConfig.ApiToken> tokens, PdmMetrics metrics) {
    PdmConfig config = configure(base, sandbox, newSecret(), newSecret());
    List<PdmConfig.ApiToken> all = new ArrayList<>(tokens);
    all.add(new PdmConfig.ApiToken("sandbox-operator", PdmConfig.Role.OPERATOR, TokenHash.create(sandbox.token())));
    int unusedChatWebhooks = base.chat().webhooks().size();
    return PdmServer.start(vertx, config, database, new ApiTokens(all), sandbox.clock().asClock(), metrics, true)
        .compose(server -> registerHooks(vertx, sandbox, config, server.port())
            .map(v -> {
              connectSlackApp(sandbox, config, server.port());
              return new Running(sandbox, server, config, unusedChatWebhooks);
            }));
  }

  /**
   * The configuration with GitLab and chat pointed at the sandbox, and at nothing else: its incoming webhook alone, and
   * its Slack workspace (signing secret, bot token, {@code #releases}, its release manager as an operator and its
   * viewer as a viewer, besides the users configured).
   */
  private static PdmConfig configure(PdmConfig config, GitLabSandbox sandbox, String webhookSecret,
      String signingSecret) {
    // A local simulated GitLab answers in milliseconds: a short timeout keeps a lost answer from stalling the demo.
    PdmConfig.GitLab gitlab = new PdmConfig.GitLab(sandbox.url(), Secret.of(sandbox.token()),
        Optional.of(Secret.of(webhookSecret)), 5, 4);
    List<PdmConfig.ChatWebhook> webhooks = List.of(new PdmConfig.ChatWebhook("sandbox-chat",
        Secret.of(sandbox.chatWebhookUrl())));
    // The simulated GitLab is local and fast: poll it every second so the demo's log tail streams smoothly.
    PdmConfig.Polling polling = new PdmConfig.Polling(1, config.polling().idleIntervalSeconds());
    Optional<PdmConfig.Slack> configured = config.chat().slack();
    List<PdmConfig.ChatUser> users = new ArrayList<>(configured.map(PdmConfig.Slack::users).orElse(List.of()));
    users.add(new PdmConfig.ChatUser(SlackWorkspace.RELEASE_MANAGER.id(), SlackWorkspace.RELEASE_MANAGER.name(),
        PdmConfig.Role.OPERATOR, Optional.empty()));
    users.add(new PdmConfig.ChatUser(SlackWorkspace.VIEWER.id(), SlackWorkspace.VIEWER.name(), PdmConfig.Role.VIEWER,
        Optional.empty()));
    PdmConfig.Slack slack = new PdmConfig.Slack(Optional.of(Secret.of(signingSecret)),
        Optional.of(Secret.of(sandbox.slack().workspace().botToken())), Optional.of(SlackWorkspace.RELEASES),
        sandbox.slackApiUrl(), configured.map(PdmConfig.Slack::command).orElse("/pdm"), users,
        configured.map(PdmConfig.Slack::userGroups).orElse(java.util.Map.of()),
        configured.map(PdmConfig.Slack::unknownUsers).orElse(PdmConfig.UnknownUsers.REFUSE));
    return new PdmConfig(config.server(), config.database(), Optional.of(gitlab), config.projects(),
        config.environments(), config.plan(), config.checks(), config.triage(), config.releaseIssue(),
        new PdmConfig.Chat(webhooks, Optional.of(slack), config.chat().mattermost()), config.auth(), polling,
        config.jobLog(), config.orchestrator(), config.schedule(), config.budgets(), config.risk(), config.metrics(),
        config.logging(), config.releaseManagers());
  }

  /** Points the sandbox's Slack app at pdm: its slash command and interactivity URLs, and the signing secret. */
  private static void connectSlackApp(GitLabSandbox sandbox, PdmConfig config, int pdmPort) {
    String pdm = "http://127.0.0.1:" + pdmPort;
    sandbox.slack().app().connect(pdm + "/hooks/slack/commands", pdm + "/hooks/slack/interactions",
        config.chat().slack().flatMap(PdmConfig.Slack::signingSecret).orElseThrow().reveal());
  }

  private static String newSecret() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * Registers hooks to pdm as a GitLab admin would: pipeline, job and deployment events on the projects whose pipelines
   * pdm follows, deployment events on the canonical project (a package reaching an environment), and issue events on
   * the production project (incidents, change requests).
   */
  private static Future<Void> registerHooks(Vertx vertx, GitLabSandbox sandbox, PdmConfig config, int pdmPort) {
    WebClient client = WebClient.create(vertx);
    String secret = config.gitlab().flatMap(PdmConfig.GitLab::webhookSecret).map(Secret::reveal).orElseThrow();
    Map<String, JsonObject> hooks = new LinkedHashMap<>();
    config.plan().stream().map(PdmConfig.PlanStage::project).distinct().forEach(project -> hooks.put(project,
        new JsonObject().put("pipeline_events", true).put("job_events", true).put("deployment_events", true)));
    hooks.computeIfAbsent(config.projects().canonical(), p -> new JsonObject()).put("deployment_events", true);
    hooks.computeIfAbsent(config.projects().production(), p -> new JsonObject()).put("issues_events", true)
        .put("confidential_issues_events", true);
    List<Future<Void>> registrations = new ArrayList<>();
    hooks.forEach((project, events) -> {
      JsonObject hook = events.copy().put("url", "http://127.0.0.1:" + pdmPort + "/hooks/gitlab")
          .put("token", secret).put("push_events", false);
      registrations.add(client.postAbs(sandbox.apiUrl() + "/projects/"
              + URLEncoder.encode(project, StandardCharsets.UTF_8) + "/hooks")
          .putHeader("PRIVATE-TOKEN", sandbox.token())
          .sendJsonObject(hook)
          .compose(response -> response.statusCode() == 201 ? Future.<Void>succeededFuture()
              : Future.failedFuture("registering the webhook on " + project + " got HTTP " + response.statusCode()
                  + ": " + response.bodyAsString())));
    });
    return Future.all(registrations).<Void>mapEmpty().onComplete(done -> client.close());
  }
}
