package dev.pdm.core.gitlab;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Delays between retries: jittered exponential backoff, or what GitLab's {@code Retry-After} asks for. */
final class Backoff {

  private final Duration initial;
  private final Duration max;

  Backoff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
  }

  /**
   * The delay before retry number {@code retry} (0-based): half the exponential step plus a random half, so that
   * many clients failing together do not retry together.
   */
  Duration delay(int retry, double random) {
    long ceiling = Math.min(max.toMillis(), initial.toMillis() << Math.min(retry, 20));
    long half = ceiling / 2;
    return Duration.ofMillis(half + (long) (random * (ceiling - half)));
  }

  /** Parses a {@code Retry-After} header: delta-seconds or an HTTP date; a date in the past means now. */
  static Optional<Duration> retryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.trim();
    if (value.matches("\\d{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
