package dev.pdm.core.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one API request: authentication, per-request timeout, conditional GET, request counting, and retries of
 * reads on 5xx/429/no response. A write is sent once; only a 429 (GitLab refused it unprocessed) is sent again.
 */
final class GitLabTransport {

  private static final Logger LOG = LoggerFactory.getLogger(GitLabTransport.class);
  private static final int MAX_MESSAGE = 500;
  /** Larger bodies (job logs) are not worth keeping in memory for a conditional GET. */
  private static final int MAX_CACHED_BODY = 256 * 1024;

  private final Vertx vertx;
  private final WebClient web;
  private final GitLabClientOptions options;
  private final Clock clock;
  private final Backoff backoff;
  private final EtagCache etags;
  private final RequestRate rate;

  GitLabTransport(Vertx vertx, WebClient web, GitLabClientOptions options, Clock clock) {
    this.vertx = vertx;
    this.web = web;
    this.options = options;
    this.clock = clock;
    this.backoff = new Backoff(options.initialBackoff(), options.maxBackoff());
    this.etags = new EtagCache(options.etagCacheSize());
    this.rate = new RequestRate(clock);
  }

  RequestRate rate() {
    return rate;
  }

  Future<ApiResponse> send(ApiRequest request) {
    return attempt(request, 0, Optional.empty());
  }

  /** As {@link #send}, but the answer's body is read as it streams and only its last {@code maxBytes} are kept. */
  Future<ApiResponse> sendKeepingLast(ApiRequest request, int maxBytes) {
    return attempt(request, 0, Optional.of(new TailCodec(maxBytes)));
  }

  private Future<ApiResponse> attempt(ApiRequest request, int retry, Optional<TailCodec> tail) {
    String url = request.url(options.apiUrl());
    boolean read = request.method() == HttpMethod.GET;
    String cacheKey = url + request.headers().getOrDefault("Range", "");
    Optional<EtagCache.Entry> cached = read ? etags.get(cacheKey) : Optional.empty();
    HttpRequest<Buffer> sending = web.requestAbs(request.method(), url)
        .timeout(options.timeout().toMillis())
        .putHeader("PRIVATE-TOKEN", options.token())
        .putHeader("Accept", "application/json");
    HttpRequest<Buffer> http = tail.<HttpRequest<Buffer>>map(sending::as).orElse(sending);
    request.headers().forEach(http::putHeader);
    cached.ifPresent(entry -> http.putHeader("If-None-Match", entry.etag()));
    rate.record();
    Future<HttpResponse<Buffer>> sent;
    if (request.body().isPresent()) {
      try {
        sent = http.putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer(GitLabJson.write(request.body().get())));
      } catch (IOException e) {
        return Future.failedFuture(error(request, 0, "cannot encode the request body: " + e.getMessage()));
      }
    } else {
      sent = http.send();
    }
    return sent.transform(outcome -> {
      if (outcome.failed()) {
        String why = outcome.cause().getClass().getSimpleName() + ": "
            + String.valueOf(outcome.cause().getMessage()).replaceAll("\\?\\S*", "");
        return retryOrFail(request, retry, new GitLabError(request.method().name(), request.path(), 0, why),
            Optional.empty(), tail);
      }
      HttpResponse<Buffer> response = outcome.result();
      int status = response.statusCode();
      if (status == 304 && cached.isPresent()) {
        rate.recordNotModified();
        EtagCache.Entry entry = cached.get();
        return Future.succeededFuture(new ApiResponse(entry.status(), entry.headers(), entry.body(), true));
      }
      if (status >= 200 && status < 300) {
        Buffer body = response.body() == null ? Buffer.buffer() : response.body();
        String etag = response.getHeader("ETag");
        if (read && etag != null && body.length() <= MAX_CACHED_BODY) {
          etags.put(cacheKey, new EtagCache.Entry(etag, status, body,
              MultiMap.caseInsensitiveMultiMap().addAll(response.headers())));
        }
        return Future.succeededFuture(new ApiResponse(status, response.headers(), body, false));
      }
      GitLabError failure = new GitLabError(request.method().name(), request.path(), status, gitLabMessage(response));
      if (status == 429 || status >= 500) {
        return retryOrFail(request, retry, failure,
            Backoff.retryAfter(response.getHeader("Retry-After"), clock.instant()), tail);
      }
      return Future.failedFuture(new GitLabException(failure));
    });
  }

  private Future<ApiResponse> retryOrFail(ApiRequest request, int retry, GitLabError failure,
                                          Optional<Duration> retryAfter, Optional<TailCodec> tail) {
    boolean mayRetry = request.method() == HttpMethod.GET || failure.status() == 429;
    if (!mayRetry || retry >= options.maxRetries()) {
      LOG.warn("GitLab call gave up after {} attempt(s): {}", retry + 1, failure.describe());
      return Future.failedFuture(new GitLabException(failure));
    }
    Duration delay = retryAfter.orElseGet(() -> backoff.delay(retry, ThreadLocalRandom.current().nextDouble()));
    LOG.info("Retrying in {} ms ({}/{}): {}", delay.toMillis(), retry + 1, options.maxRetries(), failure.describe());
    if (delay.isZero()) {
      return attempt(request, retry + 1, tail);
    }
    return vertx.timer(delay.toMillis(), TimeUnit.MILLISECONDS).compose(fired -> attempt(request, retry + 1, tail));
  }

  private static GitLabException error(ApiRequest request, int status, String message) {
    return new GitLabException(new GitLabError(request.method().name(), request.path(), status, message));
  }

  /** GitLab's {@code message} or {@code error} field, else the start of the body, else the status line. */
  private static String gitLabMessage(HttpResponse<Buffer> response) {
    Buffer body = response.body();
    String text = body == null ? "" : body.toString();
    String message = text.isBlank() ? response.statusMessage() : text;
    try {
      JsonNode json = GitLabJson.mapper().readTree(text);
      JsonNode field = json != null && json.has("message") ? json.get("message") : json == null ? null : json.get("error");
      if (field != null) {
        message = field.isTextual() ? field.asText() : field.toString();
      }
    } catch (IOException notJson) {
      // the body is not JSON (e.g. a proxy's HTML error page); its beginning is the best message there is
    }
    return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message;
  }
}
