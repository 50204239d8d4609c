package dev.pdm.server.hooks;

import dev.pdm.core.config.Secret;
import dev.pdm.core.hooks.ParsedHook;
import dev.pdm.core.hooks.WebhookParser;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives GitLab webhooks. A delivery without the right {@code X-Gitlab-Token} gets 401 and is not even parsed; an
 * invalid one gets 400 with the reason; a valid one gets 202 at once (GitLab times hooks out) and its observation is
 * handed to the sink on the next turn of the event loop. A redelivery (same {@code X-Gitlab-Event-UUID}) gets 202
 * and is dropped. A body over {@link #MAX_BODY_BYTES} gets 413. Every answer is told to the {@link DeliveryListener}.
 */
public final class GitLabHookHandler implements Handler<RoutingContext> {
  /** The path GitLab's project hooks point at. */
  public static final String PATH = "/hooks/gitlab";
  /** GitLab's largest pipeline hooks (hundreds of jobs) stay well under this. */
  public static final long MAX_BODY_BYTES = 4L * 1024 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(GitLabHookHandler.class);
  private final Vertx vertx;
  private final Optional<Secret> secret;
  private final ObservationSink sink;
  private final DeliveryListener deliveries;
  private final RecentDeliveries recent = new RecentDeliveries(10_000);

  public GitLabHookHandler(Vertx vertx, Optional<Secret> secret, ObservationSink sink, DeliveryListener deliveries) {
    this.vertx = vertx;
    this.secret = secret;
    this.sink = sink;
    this.deliveries = deliveries;
  }

  /** Mounts {@code POST /hooks/gitlab} with its body limit (413 beyond it), telling {@code deliveries} of each. */
  public static void mount(Router router, Vertx vertx, Optional<Secret> secret, ObservationSink sink,
      DeliveryListener deliveries) {
    GitLabHookHandler handler = new GitLabHookHandler(vertx, secret, sink, deliveries);
    router.post(PATH)
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(handler)
        .failureHandler(ctx -> handler.reply(ctx, ctx.statusCode() == 413 ? 413 : 500,
            ctx.statusCode() == 413 ? "too_large" : "error", ctx.statusCode() == 413
            ? "body larger than " + MAX_BODY_BYTES + " bytes" : "internal error"));
  }

  /** Told the {@code X-Gitlab-Event} (null when absent) and the result of every delivery. */
  @FunctionalInterface
  public interface DeliveryListener {
    void delivered(String event, String result);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (secret.isEmpty()) {
      reply(ctx, 404, "disabled", "webhooks are not enabled: set gitlab.webhook_secret");
      return;
    }
    String presented = ctx.request().getHeader("X-Gitlab-Token");
    if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
        secret.get().reveal().getBytes(StandardCharsets.UTF_8))) {
      LOG.warn("webhook rejected: {} X-Gitlab-Token", presented == null ? "missing" : "wrong");
      reply(ctx, 401, "unauthorized", presented == null ? "X-Gitlab-Token: required"
          : "X-Gitlab-Token: does not match the configured webhook secret");
      return;
    }
    String event = ctx.request().getHeader("X-Gitlab-Event");
    ParsedHook parsed = WebhookParser.parse(event, ctx.body().asString(StandardCharsets.UTF_8.name()));
    if (parsed instanceof ParsedHook.Invalid invalid) {
      LOG.warn("webhook rejected ({}): {}", event, invalid.reason());
      reply(ctx, 400, "invalid", invalid.reason());
      return;
    }
    if (parsed instanceof ParsedHook.Ignored ignored) {
      reply(ctx, 202, "ignored", ignored.reason());
      return;
    }
    String uuid = ctx.request().getHeader("X-Gitlab-Event-UUID");
    if (uuid != null && !recent.firstTime(uuid)) {
      reply(ctx, 202, "duplicate", "duplicate delivery " + uuid + ": already accepted");
      return;
    }
    ParsedHook.Observed observed = (ParsedHook.Observed) parsed;
    reply(ctx, 202, "accepted", "accepted");
    vertx.runOnContext(v -> sink.accept(observed.observation()));
  }

  private void reply(RoutingContext ctx, int status, String result, String message) {
    deliveries.delivered(ctx.request().getHeader("X-Gitlab-Event"), result);
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("message", message).encode());
  }
}
