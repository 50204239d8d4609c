package dev.pdm.core.gitlab;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach GitLab and how patient to be with it; the token never appears in {@link #toString()}.
 *
 * @param baseUrl         GitLab's root URL, e.g. {@code https://gitlab.com} ({@code /api/v4} is appended)
 * @param token           a personal, project or group access token, sent as {@code PRIVATE-TOKEN}
 * @param timeout         the limit for one HTTP request, response body included
 * @param maxRetries      how many times a read is retried after a 5xx, a 429 or a timeout
 * @param initialBackoff  the first retry delay, doubled on each retry (with jitter)
 * @param maxBackoff      the longest delay between two retries
 * @param etagCacheSize   how many URLs' ETag responses are remembered for conditional GETs
 */
public record GitLabClientOptions(
    String baseUrl, String token, Duration timeout, int maxRetries, Duration initialBackoff, Duration maxBackoff,
    int etagCacheSize) {

  /** Validates every field, naming the field, the value and what was expected. */
  public GitLabClientOptions {
    Objects.requireNonNull(baseUrl, "baseUrl: expected a GitLab URL such as https://gitlab.com, got null");
    URI uri;
    try {
      uri = URI.create(baseUrl);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("baseUrl: expected an http(s) URL, got '" + baseUrl + "'", e);
    }
    if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
      throw new IllegalArgumentException("baseUrl: expected an http(s) URL, got '" + baseUrl + "'");
    }
    if (uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
      throw new IllegalArgumentException("baseUrl: expected no credentials or query in the URL, got one");
    }
    baseUrl = baseUrl.replaceAll("/+$", "");
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("token: expected a non-blank GitLab access token, got none");
    }
    requirePositive("timeout", timeout);
    requirePositive("initialBackoff", initialBackoff);
    requirePositive("maxBackoff", maxBackoff);
    if (maxRetries < 0 || maxRetries > 10) {
      throw new IllegalArgumentException("maxRetries: expected 0..10, got " + maxRetries);
    }
    if (etagCacheSize < 0) {
      throw new IllegalArgumentException("etagCacheSize: expected 0 or more, got " + etagCacheSize);
    }
  }

  /** Options with pdm's defaults: 10 s per request, 4 retries from 250 ms up to 15 s, 512 cached ETags. */
  public static GitLabClientOptions of(String baseUrl, String token) {
    return new GitLabClientOptions(
        baseUrl, token, Duration.ofSeconds(10), 4, Duration.ofMillis(250), Duration.ofSeconds(15), 512);
  }

  /** A copy with another per-request timeout. */
  public GitLabClientOptions withTimeout(Duration newTimeout) {
    return new GitLabClientOptions(baseUrl, token, newTimeout, maxRetries, initialBackoff, maxBackoff, etagCacheSize);
  }

  /** A copy with other retry settings. */
  public GitLabClientOptions withRetries(int retries, Duration initial, Duration max) {
    return new GitLabClientOptions(baseUrl, token, timeout, retries, initial, max, etagCacheSize);
  }

  /** The REST API root, {@code <baseUrl>/api/v4}. */
  public String apiUrl() {
    return baseUrl + "/api/v4";
  }

  @Override
  public String toString() {
    return "GitLabClientOptions[baseUrl=" + baseUrl + ", token=***, timeout=" + timeout + ", maxRetries=" + maxRetries
        + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff + ", etagCacheSize=" + etagCacheSize + "]";
  }

  private static void requirePositive(String field, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + ": expected a positive duration, got " + value);
    }
  }
}
