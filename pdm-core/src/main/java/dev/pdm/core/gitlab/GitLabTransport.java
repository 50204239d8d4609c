package dev.pdm.core.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Sends one API request: authentication, per-request timeout, conditional GET, request counting, and retries of
 * reads on 5xx/429/no response. A write is sent once; only a 429 (GitLab refused it unprocessed) is sent again, and
 * not even that for {@link #sendOnce}.
 * Every exchange is told to the {@link GitLabRequestListener}; GitLab's request id goes into the logging MDC
 * ({@code gitlab_request_id}) of the lines written about it.
 */
final class GitLabTransport {

  private static final Logger LOG = LoggerFactory.getLogger(GitLabTransport.class);
  private static final int MAX_MESSAGE = 500;
  /** Larger bodies (job logs) are not worth keeping in memory for a conditional GET. */
  private static final int MAX_CACHED_BODY = 256 * 1024;

  private final Vertx vertx;
  private final HttpClient http;
  private final WebClient web;
  private final GitLabClientOptions options;
  private final Clock clock;
  private final Backoff backoff;
  private final EtagCache etags;
  private final RequestRate rate;
  private final GitLabRequestListener listener;

  GitLabTransport(Vertx vertx, HttpClient http, WebClient web, GitLabClientOptions options, Clock clock,
      GitLabRequestListener listener) {
    this.vertx = vertx;
    this.http = http;
    this.web = web;
    this.options = options;
    this.clock = clock;
    this.backoff = new Backoff(options.initialBackoff(), options.maxBackoff());
    this.etags = new EtagCache(options.etagCacheSize());
    this.rate = new RequestRate(clock);
    this.listener = listener;
  }

  RequestRate rate() {
    return rate;
  }

  Future<ApiResponse> send(ApiRequest request) {
    return attempt(request, 0, false, Optional.empty());
  }

  /** Sends the request once, whatever the answer: the caller records every send of it. */
  Future<ApiResponse> sendOnce(ApiRequest request) {
    return attempt(request, 0, true, Optional.empty());
  }

  /** As {@link #send}, but the answer's body is read as it streams and only its last {@code maxBytes} are kept. */
  Future<ApiResponse> sendKeepingLast(ApiRequest request, int maxBytes) {
    return attempt(request, 0, false, Optional.of(new TailCodec(maxBytes)));
  }

  private Future<ApiResponse> attempt(ApiRequest request, int retry, boolean once, Optional<TailCodec> tail) {
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
    long started = System.nanoTime();
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
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      if (outcome.failed()) {
        tell(request, 0, took, Optional.empty());
        return retryOrFail(request, retry, once, tail, unanswered(request, outcome.cause()), Optional.empty(),
            Optional.empty());
      }
      HttpResponse<Buffer> response = outcome.result();
      int status = response.statusCode();
      Optional<String> requestId = Optional.ofNullable(response.getHeader("X-Request-Id"));
      tell(request, status, took, Optional.of(response.headers()));
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
      GitLabError failure = new GitLabError(request.method().name(), request.path(), status,
          gitLabMessage(response.body(), response.statusMessage()));
      if (status == 429 || status >= 500) {
        return retryOrFail(request, retry, once, tail, failure,
            Backoff.retryAfter(response.getHeader("Retry-After"), clock.instant()), requestId);
      }
      return Future.failedFuture(new GitLabException(failure));
    });
  }

  private Future<ApiResponse> retryOrFail(ApiRequest request, int retry, boolean once, Optional<TailCodec> tail,
                                          GitLabError failure, Optional<Duration> retryAfter, Optional<String> requestId) {
    boolean mayRetry = !once && (request.method() == HttpMethod.GET || failure.status() == 429);
    Duration delay = retryAfter.orElseGet(() -> backoff.delay(retry, ThreadLocalRandom.current().nextDouble()));
    requestId.ifPresent(id -> MDC.put("gitlab_request_id", id));
    try {
      if (!mayRetry || retry >= options.maxRetries()) {
        LOG.warn("GitLab call gave up after {} attempt(s): {}", retry + 1, failure.describe());
        return Future.failedFuture(new GitLabException(failure));
      }
      LOG.info("Retrying in {} ms ({}/{}): {}", delay.toMillis(), retry + 1, options.maxRetries(),
          failure.describe());
    } finally {
      MDC.remove("gitlab_request_id");
    }
    if (delay.isZero()) {
      return attempt(request, retry + 1, false, tail);
    }
    return vertx.timer(delay.toMillis(), TimeUnit.MILLISECONDS).compose(fired -> attempt(request, retry + 1, false, tail));
  }

  /**
   * A GET whose successful body is not kept but handed over as it arrives ({@link StreamedBody#pipe}); any other
   * answer fails as {@link #send} does, with GitLab's message. Sent once: a reader that stops part-way knows how far
   * it got and asks again from there.
   */
  Future<StreamedBody> stream(ApiRequest request) {
    RequestOptions sending = new RequestOptions().setMethod(request.method()).setAbsoluteURI(request.url(options.apiUrl()))
        .setConnectTimeout(options.timeout().toMillis()).setIdleTimeout(options.timeout().toMillis())
        .putHeader("PRIVATE-TOKEN", options.token()).putHeader("User-Agent", "pdm");
    request.headers().forEach(sending::putHeader);
    rate.record();
    long started = System.nanoTime();
    // The answer is paused by a listener on the request's own response future: its body is delivered on that
    // future's context, so a pause from a later stage of the chain (on the caller's context) could come after the
    // body, and a short answer would have ended unread.
    return http.request(sending).compose(sent -> sent.send().andThen(answered -> {
      if (answered.succeeded()) {
        answered.result().pause();
      }
    })).transform(outcome -> {
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      if (outcome.failed()) {
        tell(request, 0, took, Optional.empty());
        return Future.failedFuture(new GitLabException(unanswered(request, outcome.cause())));
      }
      HttpClientResponse response = outcome.result();
      tell(request, response.statusCode(), took, Optional.of(response.headers()));
      if (response.statusCode() >= 200 && response.statusCode() < 300) {
        return Future.succeededFuture(new StreamedBody(response));
      }
      response.resume();
      return response.body().transform(body -> Future.failedFuture(new GitLabException(new GitLabError(
          request.method().name(), request.path(), response.statusCode(),
          gitLabMessage(body.succeeded() ? body.result() : null, response.statusMessage())))));
    });
  }

  /** Tells the listener; a listener's failure must never turn into a failed GitLab call. */
  private void tell(ApiRequest request, int status, Duration took, Optional<MultiMap> headers) {
    OptionalLong remaining = OptionalLong.empty();
    String header = headers.map(h -> h.get("RateLimit-Remaining")).orElse(null);
    if (header != null && header.matches("\\d{1,18}")) {
      remaining = OptionalLong.of(Long.parseLong(header));
    }
    try {
      listener.exchanged(new GitLabExchange(request.method().name(), GitLabEndpoint.classify(request.path()), status,
          took, remaining, headers.map(h -> h.get("X-Request-Id"))));
    } catch (RuntimeException e) {
      LOG.warn("a GitLab request listener failed: {}", e.toString());
    }
  }

  /** A request that got no answer; a connection never made is a request never sent: say so, so that a caller knows. */
  private static GitLabError unanswered(ApiRequest request, Throwable cause) {
    String why = (cause instanceof ConnectException ? GitLabError.NOT_CONNECTED : "") + cause.getClass().getSimpleName()
        + ": " + String.valueOf(cause.getMessage()).replaceAll("\\?\\S*", "");
    return new GitLabError(request.method().name(), request.path(), 0, why);
  }

  private static GitLabException error(ApiRequest request, int status, String message) {
    return new GitLabException(new GitLabError(request.method().name(), request.path(), status, message));
  }

  /** GitLab's {@code message} or {@code error} field, else the start of the body, else the status line. */
  private static String gitLabMessage(Buffer body, String statusMessage) {
    String text = body == null ? "" : body.toString();
    String message = text.isBlank() ? statusMessage : text;
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
