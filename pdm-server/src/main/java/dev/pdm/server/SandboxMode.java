package dev.pdm.server;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.config.Secret;
import dev.pdm.core.auth.ApiTokens;
import dev.pdm.core.auth.TokenHash;
import dev.pdm.sandbox.GitLabSandbox;
import dev.pdm.sandbox.SandboxOptions;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --sandbox}: pdm against the simulated GitLab in the same process. The configuration is pointed at the
 * sandbox (its URL and token, a fresh webhook secret, its chat sink) and, once pdm listens, GitLab-style project hooks
 * are registered so that pipeline and job events reach {@code /hooks/gitlab} as they would from GitLab.
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
      List<PdmConfig.ApiToken> tokens) {
    return GitLabSandbox.start(vertx, options).compose(sandbox -> attach(vertx, base, sandbox, database, tokens)
        .onFailure(err -> sandbox.close()));
  }

  /** Starts pdm against a sandbox already running (as {@link #start} does; a test restarts pdm this way). */
  public static Future<Running> attach(Vertx vertx, PdmConfig base, GitLabSandbox sandbox, DatabaseUrl database,
      List<PdmConfig.ApiToken> tokens) {
    PdmConfig config = configure(base, sandbox, newWebhookSecret());
    List<PdmConfig.ApiToken> all = new ArrayList<>(tokens);
    all.add(new PdmConfig.ApiToken("sandbox-operator", PdmConfig.Role.OPERATOR, TokenHash.create(sandbox.token())));
    return PdmServer.start(vertx, config, database, new ApiTokens(all), sandbox.clock().asClock())
        .compose(server -> registerHooks(vertx, sandbox, config, server.port())
            .map(v -> new Running(sandbox, server, config)));
  }

  /** The configuration with GitLab and chat pointed at the sandbox. */
  private static PdmConfig configure(PdmConfig config, GitLabSandbox sandbox, String webhookSecret) {
    // A local simulated GitLab answers in milliseconds: a short timeout keeps a lost answer from stalling the demo.
    PdmConfig.GitLab gitlab = new PdmConfig.GitLab(sandbox.url(), Secret.of(sandbox.token()),
        Optional.of(Secret.of(webhookSecret)), 5, 4);
    List<PdmConfig.ChatWebhook> webhooks = new ArrayList<>(config.chat().webhooks());
    webhooks.add(new PdmConfig.ChatWebhook("sandbox-chat", Secret.of(sandbox.chatWebhookUrl())));
    // The simulated GitLab is local and fast: poll it every second so the demo's log tail streams smoothly.
    PdmConfig.Polling polling = new PdmConfig.Polling(1, config.polling().idleIntervalSeconds());
    return new PdmConfig(config.server(), config.database(), Optional.of(gitlab), config.projects(),
        config.environments(), config.plan(), config.checks(), config.triage(), config.releaseIssue(),
        new PdmConfig.Chat(webhooks), config.auth(), polling, config.orchestrator(), config.releaseManagers());
  }

  private static String newWebhookSecret() {
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
