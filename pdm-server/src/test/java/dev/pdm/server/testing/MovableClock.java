package dev.pdm.server.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand, so that expiries and limits are tested without waiting. */
public final class MovableClock extends Clock {
  private final Duration perReading;
  private volatile Instant now;

  public MovableClock(Instant start) {
    this(start, Duration.ZERO);
  }

  private MovableClock(Instant start, Duration perReading) {
    this.now = start;
    this.perReading = perReading;
  }

  /** A clock that is {@code by} later at each reading (e.g. each timed operation seems to take that long). */
  public static MovableClock advancingEachReading(Instant start, Duration by) {
    return new MovableClock(start, by);
  }

  public MovableClock() {
    this(Instant.parse("2026-11-24T10:00:00Z"));
  }

  public synchronized void advance(Duration by) {
    now = now.plus(by);
  }

  @Override
  public synchronized Instant instant() {
    if (!perReading.isZero()) {
      now = now.plus(perReading);
    }
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
