package dev.pdm.server.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * At most {@code limit} of something per key (a client address, a token) in each minute, the minute starting with the
 * key's first count. Bounded in memory: the keys not seen for the longest are forgotten first. Thread-safe.
 */
public final class PerMinuteLimit {
  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final int MAX_KEYS = 10_000;
  private final int limit;
  private final Clock clock;
  private final Map<String, Window> windows = new LinkedHashMap<>(256, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
      return size() > MAX_KEYS;
    }
  };

  public PerMinuteLimit(int limit, Clock clock) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit: expected 1 or more, got " + limit);
    }
    this.limit = limit;
    this.clock = clock;
  }

  private record Window(Instant start, int count) {
  }

  /** How long until {@code key} may again, when it has used up this minute's limit. */
  public synchronized Optional<Duration> exhausted(String key) {
    Instant now = clock.instant();
    Window window = windows.get(key);
    if (window == null || !now.isBefore(window.start().plus(WINDOW)) || window.count() < limit) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(now, window.start().plus(WINDOW)));
  }

  /** Counts one for {@code key}; true when that used up this minute's limit. */
  public synchronized boolean count(String key) {
    Instant now = clock.instant();
    Window window = windows.get(key);
    Window next = window == null || !now.isBefore(window.start().plus(WINDOW)) ? new Window(now, 1)
        : new Window(window.start(), window.count() + 1);
    windows.put(key, next);
    return next.count() == limit;
  }

  /** Counts one for {@code key} unless its limit is used up; empty when counted, else how long to wait. */
  public synchronized Optional<Duration> take(String key) {
    Optional<Duration> wait = exhausted(key);
    if (wait.isEmpty()) {
      count(key);
    }
    return wait;
  }

  public int limit() {
    return limit;
  }
}
