package dev.pdm.server.notify;

import dev.pdm.core.config.PdmConfig.ChatWebhook;
import dev.pdm.core.notify.ChatMessage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts a chat message to every configured Slack-compatible incoming webhook, concurrently, and reports each outcome.
 *
 * <p>The returned future always succeeds: a chat outage must never fail or stall a run, so failures are values
 * ({@link ChatDelivery}) the orchestrator logs and shows on the run.
 *
 * <p>There is no retry, on purpose. A post whose answer was lost (timeout, reset connection) may well have been shown
 * in the channel; posting it again would announce the same event twice, and a duplicated "production migrations
 * started" misleads the people following the run more than a missing one, which the run's page shows.
 *
 * <p>A webhook's URL embeds its credential: it is revealed only to the HTTP client, and nothing this class logs or
 * returns is built from it or from an exception message (which may quote the request's URI).
 */
public final class ChatNotifier {

  /** How long a webhook has to answer by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(ChatNotifier.class);
  private static final int BODY_EXCERPT_CHARS = 200;

  private final List<ChatWebhook> webhooks;
  private final WebClient client;
  private final long timeoutMillis;

  /** A notifier giving each webhook {@link #DEFAULT_TIMEOUT} to answer. */
  public ChatNotifier(List<ChatWebhook> webhooks, WebClient client) {
    this(webhooks, client, DEFAULT_TIMEOUT);
  }

  /** A notifier giving each webhook {@code timeout} to connect and answer. */
  public ChatNotifier(List<ChatWebhook> webhooks, WebClient client, Duration timeout) {
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("chat webhook timeout is " + timeout + "; expected a positive duration such as PT10S");
    }
    this.webhooks = List.copyOf(webhooks);
    this.client = client;
    this.timeoutMillis = timeout.toMillis();
  }

  /** Posts {@code message} to every webhook at once; succeeds with one delivery per webhook, in configuration order. */
  public Future<List<ChatDelivery>> send(ChatMessage message) {
    Buffer body = Buffer.buffer(message.toSlackJson().toString());
    List<Future<ChatDelivery>> deliveries = webhooks.stream().map(webhook -> deliver(webhook, body)).toList();
    return Future.all(deliveries).map(all -> deliveries.stream().map(Future::result).toList());
  }

  private Future<ChatDelivery> deliver(ChatWebhook webhook, Buffer body) {
    long started = System.nanoTime();
    return post(webhook, body)
        .map(response -> outcome(webhook, response))
        .otherwise(failure -> ChatDelivery.unanswered(webhook.name(), describe(failure)))
        .onSuccess(delivery -> log(delivery, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
  }

  /**
   * The request's idle and connect timeouts close a dead connection; the future's own timeout bounds the whole exchange,
   * since a webhook trickling bytes would never be idle.
   */
  private Future<HttpResponse<Buffer>> post(ChatWebhook webhook, Buffer body) {
    try {
      return client.postAbs(webhook.url().reveal())
          .putHeader("Content-Type", "application/json")
          .connectTimeout(timeoutMillis)
          .idleTimeout(timeoutMillis)
          .sendBuffer(body)
          .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (RuntimeException unusableUrl) {
      return Future.failedFuture(new InvalidWebhookUrl());
    }
  }

  private ChatDelivery outcome(ChatWebhook webhook, HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return ChatDelivery.accepted(webhook.name(), status);
    }
    return ChatDelivery.refused(webhook.name(), status, "HTTP " + status + excerpt(webhook, response.bodyAsString()));
  }

  /** The start of the webhook's answer (Slack says e.g. {@code channel_is_archived}), minus anything quoting the URL. */
  private static String excerpt(ChatWebhook webhook, String answer) {
    if (answer == null || answer.isBlank()) {
      return "";
    }
    String url = webhook.url().reveal();
    String path = url.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*", "");
    String scrubbed = answer.replace(url, "[webhook URL]");
    if (path.length() > 1) {
      scrubbed = scrubbed.replace(path, "[webhook URL]");
    }
    String oneLine = scrubbed.replaceAll("\\p{Cntrl}+", " ").strip();
    return ": " + (oneLine.length() > BODY_EXCERPT_CHARS ? oneLine.substring(0, BODY_EXCERPT_CHARS) + "…" : oneLine);
  }

  /** pdm's own words for a failure: exception messages are never used, since Vert.x's quote the request URI. */
  private String describe(Throwable failure) {
    if (failure instanceof TimeoutException) {
      return "no answer within " + timeoutMillis + " ms; the message may still have been shown";
    }
    if (failure instanceof ConnectException) {
      return "could not connect to the webhook";
    }
    if (failure instanceof InvalidWebhookUrl) {
      return "the webhook URL is not a valid http(s) URL";
    }
    return "the post failed (" + failure.getClass().getSimpleName() + ")";
  }

  private static void log(ChatDelivery delivery, long millis) {
    if (delivery.delivered()) {
      LOG.info("chat webhook '{}' delivered: HTTP {} in {} ms", delivery.webhookName(), delivery.status().orElseThrow(), millis);
    } else {
      LOG.warn("chat webhook '{}' not delivered: {} in {} ms", delivery.webhookName(), delivery.error().orElseThrow(), millis);
    }
  }

  /** The configured URL could not even be parsed; carries no message, so it cannot quote the URL. */
  private static final class InvalidWebhookUrl extends RuntimeException {
    InvalidWebhookUrl() {
      super(null, null, false, false);
    }
  }
}
