package dev.pdm.server;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.config.Secret;
import dev.pdm.core.auth.ApiTokens;
import dev.pdm.core.auth.TokenHash;
import dev.pdm.sandbox.GitLabSandbox;
import dev.pdm.sandbox.SandboxOptions;
import dev.pdm.server.metrics.PdmMetrics;
import dev.pdm.sandbox.slack.SlackWorkspace;
import dev.pdm.server.store.DatabaseUrl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * {@code --sandbox}: pdm against the simulated GitLab in the same process. The configuration is pointed at the
 * sandbox (its URL and token, a fresh webhook secret, its chat sink, its Slack workspace with a fresh signing secret)
 * and, once pdm listens, GitLab-style project hooks are registered so that pipeline and job events reach
 * {@code /hooks/gitlab} as they would from GitLab, and the sandbox's Slack app sends its commands to pdm.
 */
public final class SandboxMode {
  private SandboxMode() {
  }

  /** pdm and the simulated GitLab it drives, running in one process. */
  public record Running(GitLabSandbox sandbox, PdmServer server, PdmConfig config) {
    public Future<Void> close() {
      return server.close().eventually(sandbox::close);
    }
  }

  /**
   * Starts the sandbox, then pdm configured against it (the sandbox token is an operator token besides
   * {@code tokens}), then registers the webhooks. pdm reads the sandbox's simulated time: its own waits (quiet periods,
   * backoffs, the age of checks) move with the simulated GitLab's, also when a test drives that clock by hand.
   */
  public static Future<Running> start(Vertx vertx, PdmConfig base, SandboxOptions options, DatabaseUrl database,
      List<PdmConfig.ApiToken> tokens, PdmMetrics metrics) {
    return GitLabSandbox.start(vertx, options).compose(sandbox -> {
      PdmConfig config = configure(base, sandbox, newSecret(), newSecret());
      List<PdmConfig.ApiToken> all = new ArrayList<>(tokens);
      all.add(new PdmConfig.ApiToken("sandbox-operator", PdmConfig.Role.OPERATOR, TokenHash.create(sandbox.token())));
      return PdmServer.start(vertx, config, database, new ApiTokens(all), sandbox.clock().asClock(), metrics)
          .compose(server -> registerHooks(vertx, sandbox, config, server.port())
              .map(v -> {
                connectSlackApp(sandbox, config, server.port());
                return new Running(sandbox, server, config);
              }))
          .onFailure(err -> sandbox.close());
    });
  }

  /**
   * The configuration with GitLab and chat pointed at the sandbox: its incoming webhook, and its Slack workspace
   * (signing secret, bot token, {@code #releases}, its release manager as an operator and its viewer as a viewer,
   * besides the users configured).
   */
  private static PdmConfig configure(PdmConfig config, GitLabSandbox sandbox, String webhookSecret,
      String signingSecret) {
    // A local simulated GitLab answers in milliseconds: a short timeout keeps a lost answer from stalling the demo.
    PdmConfig.GitLab gitlab = new PdmConfig.GitLab(sandbox.url(), Secret.of(sandbox.token()),
        Optional.of(Secret.of(webhookSecret)), 5, 4);
    List<PdmConfig.ChatWebhook> webhooks = new ArrayList<>(config.chat().webhooks());
    webhooks.add(new PdmConfig.ChatWebhook("sandbox-chat", Secret.of(sandbox.chatWebhookUrl())));
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
        config.orchestrator(), config.metrics(), config.logging());
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

  /** Registers pipeline, job and deployment hooks to pdm on the projects whose pipelines pdm follows. */
  private static Future<Void> registerHooks(Vertx vertx, GitLabSandbox sandbox, PdmConfig config, int pdmPort) {
    WebClient client = WebClient.create(vertx);
    String secret = config.gitlab().flatMap(PdmConfig.GitLab::webhookSecret).map(Secret::reveal).orElseThrow();
    List<String> projects = config.plan().stream().map(PdmConfig.PlanStage::project).distinct().toList();
    List<Future<Void>> registrations = new ArrayList<>();
    for (String project : projects) {
      JsonObject hook = new JsonObject().put("url", "http://127.0.0.1:" + pdmPort + "/hooks/gitlab")
          .put("token", secret).put("pipeline_events", true).put("job_events", true)
          .put("deployment_events", true).put("push_events", false);
      registrations.add(client.postAbs(sandbox.apiUrl() + "/projects/"
              + URLEncoder.encode(project, StandardCharsets.UTF_8) + "/hooks")
          .putHeader("PRIVATE-TOKEN", sandbox.token())
          .sendJsonObject(hook)
          .compose(response -> response.statusCode() == 201 ? Future.<Void>succeededFuture()
              : Future.failedFuture("registering the webhook on " + project + " got HTTP " + response.statusCode()
                  + ": " + response.bodyAsString())));
    }
    return Future.all(registrations).<Void>mapEmpty().onComplete(done -> client.close());
  }
}
