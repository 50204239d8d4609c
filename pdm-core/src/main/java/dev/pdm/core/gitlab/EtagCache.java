package dev.pdm.core.gitlab;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The last ETag-carrying response per URL, least recently used first out, for conditional GETs. */
final class EtagCache {

  /** A remembered response: its ETag, status, body and the headers pagination needs. */
  record Entry(String etag, int status, Buffer body, MultiMap headers) {
  }

  private final int capacity;
  private final Map<String, Entry> entries;

  EtagCache(int capacity) {
    this.capacity = capacity;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > EtagCache.this.capacity;
      }
    };
  }

  synchronized Optional<Entry> get(String url) {
    return Optional.ofNullable(entries.get(url));
  }

  synchronized void put(String url, Entry entry) {
    if (capacity > 0) {
      entries.put(url, entry);
    }
  }

  synchronized int size() {
    return entries.size();
  }
}
