package dev.pdm.server.hooks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code X-Gitlab-Event-UUID}s seen lately, so that a redelivered webhook is acknowledged without being processed
 * twice. Bounded: the oldest are forgotten first. Used from one event loop only.
 */
final class RecentDeliveries {
  private final Map<String, Boolean> seen;

  RecentDeliveries(int capacity) {
    this.seen = new LinkedHashMap<>(capacity * 2, 0.75f, false) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  /** True the first time a UUID is offered. */
  boolean firstTime(String uuid) {
    return seen.put(uuid, Boolean.TRUE) == null;
  }
}
