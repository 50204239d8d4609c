package dev.pdm.core.gitlab;

import java.time.Clock;

/**
 * Counts GitLab requests: in total, in the last minute (one-second buckets), and those answered 304 Not Modified
 * from the ETag cache, for metrics and the API budget.
 */
public final class RequestRate {

  private static final int SECONDS = 60;
  private final Clock clock;
  private final long[] bucketSecond = new long[SECONDS];
  private final long[] bucketCount = new long[SECONDS];
  private long total;
  private long notModified;

  /** A counter reading time from {@code clock}. */
  public RequestRate(Clock clock) {
    this.clock = clock;
  }

  /** Counts one request now. */
  public synchronized void record() {
    long second = clock.millis() / 1000;
    int slot = (int) (second % SECONDS);
    if (bucketSecond[slot] != second) {
      bucketSecond[slot] = second;
      bucketCount[slot] = 0;
    }
    bucketCount[slot]++;
    total++;
  }

  /** Requests sent in the last 60 seconds. */
  public synchronized long lastMinute() {
    long now = clock.millis() / 1000;
    long sum = 0;
    for (int i = 0; i < SECONDS; i++) {
      if (now - bucketSecond[i] < SECONDS) {
        sum += bucketCount[i];
      }
    }
    return sum;
  }

  /** Counts one request GitLab answered with 304 Not Modified. */
  public synchronized void recordNotModified() {
    notModified++;
  }

  /** Requests answered 304 Not Modified since this counter was created. */
  public synchronized long notModified() {
    return notModified;
  }

  /** Requests sent since this counter was created. */
  public synchronized long total() {
    return total;
  }
}
