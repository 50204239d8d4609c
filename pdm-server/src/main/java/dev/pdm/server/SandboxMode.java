package dev.pdm.server;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.config.Secret;
import dev.pdm.sandbox.GitLabSandbox;
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
 * sandbox (its URL and token, a fresh webhook secret, its chat sink) and, once pdm listens, GitLab-style project hooks
 * are registered so that pipeline and job events reach {@code /hooks/gitlab} as they would from GitLab.
 */
final class SandboxMode {
  private SandboxMode() {
  }

  /** The configuration with GitLab and chat pointed at the sandbox. */
  static PdmConfig configure(PdmConfig config, GitLabSandbox sandbox, String webhookSecret) {
    PdmConfig.GitLab gitlab = new PdmConfig.GitLab(sandbox.url(), Secret.of(sandbox.token()),
        Optional.of(Secret.of(webhookSecret)), 30, 4);
    List<PdmConfig.ChatWebhook> webhooks = new ArrayList<>(config.chat().webhooks());
    webhooks.add(new PdmConfig.ChatWebhook("sandbox-chat", Secret.of(sandbox.chatWebhookUrl())));
    return new PdmConfig(config.server(), config.database(), Optional.of(gitlab), config.projects(),
        config.environments(), config.plan(), config.checks(), config.triage(), config.releaseIssue(),
        new PdmConfig.Chat(webhooks), config.auth(), config.polling());
  }

  static String newWebhookSecret() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Registers pipeline, job and deployment hooks to pdm on the projects whose pipelines pdm follows. */
  static Future<Void> registerHooks(Vertx vertx, GitLabSandbox sandbox, PdmConfig config, int pdmPort) {
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
