package dev.pdm.sandbox.hooks;

import dev.pdm.sandbox.ci.PipelineEvents;
import dev.pdm.sandbox.faults.InjectedFaults;
import dev.pdm.sandbox.scenario.ScenarioFaults.WebhookFault;
import dev.pdm.sandbox.state.Deployment;
import dev.pdm.sandbox.state.GitLabState;
import dev.pdm.sandbox.state.Hook;
import dev.pdm.sandbox.state.IssueChange;
import dev.pdm.sandbox.state.Job;
import dev.pdm.sandbox.state.Pipeline;
import dev.pdm.sandbox.state.Project;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends project webhooks the way GitLab does: one POST per event and hook, JSON body,
 * {@code X-Gitlab-Event}, {@code X-Gitlab-Token}, {@code X-Gitlab-Event-UUID},
 * {@code X-Gitlab-Webhook-UUID}, {@code X-Gitlab-Instance}; a delivery that fails (error,
 * timeout or non-2xx) is recorded and never retried.
 */
public final class WebhookDispatcher implements PipelineEvents {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final int TIMEOUT_MS = 10_000;

  private final WebClient client;
  private final Supplier<GitLabState> state;
  private final InjectedFaults faults;
  private final HookPayloads payloads;
  private final String instance;
  private final List<WebhookDelivery> deliveries = new CopyOnWriteArrayList<>();

  public WebhookDispatcher(WebClient client, Supplier<GitLabState> state, InjectedFaults faults,
      String instance) {
    this.client = client;
    this.state = state;
    this.faults = faults;
    this.payloads = new HookPayloads(instance, name -> state.get().label(name));
    this.instance = instance;
  }

  @Override
  public void pipelineChanged(Pipeline pipeline) {
    send(pipeline.project, "Pipeline Hook", Hook::pipelineEvents, () -> payloads.pipeline(pipeline));
  }

  @Override
  public void jobChanged(Job job) {
    send(job.pipeline.project, "Job Hook", Hook::jobEvents, () -> payloads.job(job));
  }

  /** Announces a deployment created or changed. */
  public void deploymentChanged(Deployment deployment) {
    send(deployment.project(), "Deployment Hook", Hook::deploymentEvents,
        () -> payloads.deployment(deployment));
  }

  /**
   * Announces an issue opened or changed: {@code Issue Hook} to hooks with issues events, or
   * {@code Confidential Issue Hook} to hooks with confidential issues events when it is
   * confidential.
   */
  public void issueChanged(IssueChange change) {
    boolean confidential = change.issue().confidential();
    send(change.issue().project, confidential ? "Confidential Issue Hook" : "Issue Hook",
        confidential ? Hook::confidentialIssuesEvents : Hook::issuesEvents,
        () -> payloads.issue(change));
  }

  /** Every delivery so far, oldest first. */
  public List<WebhookDelivery> deliveries() {
    return List.copyOf(deliveries);
  }

  public void clear() {
    deliveries.clear();
  }

  private void send(Project project, String event, Predicate<Hook> subscribed,
      Supplier<JsonObject> payload) {
    List<Hook> hooks = state.get().hooks(project).stream().filter(subscribed).toList();
    if (hooks.isEmpty()) {
      return;
    }
    JsonObject body = payload.get();
    Instant at = state.get().now();
    for (Hook hook : hooks) {
      String uuid = UUID.randomUUID().toString();
      Optional<WebhookFault> fault = faults.webhookFault(event);
      String mode = fault.map(WebhookFault::mode).orElse("");
      if ("drop".equals(mode)) {
        deliveries.add(new WebhookDelivery(hook.id(), hook.url(), event, uuid, at, body,
            "dropped", Optional.empty(), Optional.empty(), false));
        LOG.info("{} to hook {} dropped by an injected fault", event, hook.id());
        continue;
      }
      post(hook, event, uuid, at, body, false);
      if ("duplicate".equals(mode)) {
        post(hook, event, uuid, at, body, true);
      }
    }
  }

  private void post(Hook hook, String event, String uuid, Instant at, JsonObject body,
      boolean duplicate) {
    HttpRequest<?> request = client.postAbs(hook.url()).timeout(TIMEOUT_MS)
        .putHeader("Content-Type", "application/json")
        .putHeader("User-Agent", "GitLab/17.6.0-ee")
        .putHeader("X-Gitlab-Event", event)
        .putHeader("X-Gitlab-Event-UUID", uuid)
        .putHeader("X-Gitlab-Webhook-UUID", UUID.nameUUIDFromBytes(
            Long.toString(hook.id()).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString())
        .putHeader("X-Gitlab-Instance", instance);
    hook.token().ifPresent(t -> request.putHeader("X-Gitlab-Token", t));
    request.sendBuffer(body.toBuffer()).onComplete(result -> {
      if (result.succeeded()) {
        int status = result.result().statusCode();
        deliveries.add(new WebhookDelivery(hook.id(), hook.url(), event, uuid, at, body,
            status / 100 == 2 ? "delivered" : "failed", Optional.of(status), Optional.empty(),
            duplicate));
      } else {
        deliveries.add(new WebhookDelivery(hook.id(), hook.url(), event, uuid, at, body,
            "failed", Optional.empty(), Optional.of(String.valueOf(result.cause().getMessage())),
            duplicate));
        LOG.info("{} to hook {} failed and will not be retried: {}", event, hook.id(),
            result.cause().getMessage());
      }
    });
  }
}
