package dev.pdm.sandbox.api;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What clients asked of the API since the last reset: every request (whatever its answer), the job-log requests
 * among them and the log bytes sent. What "GitLab calls per minute" and "bytes read per poll" are measured with.
 */
public final class ApiTraffic {
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong traceRequests = new AtomicLong();
  private final AtomicLong traceBytes = new AtomicLong();

  void request(boolean trace) {
    requests.incrementAndGet();
    if (trace) {
      traceRequests.incrementAndGet();
    }
  }

  void traceSent(long bytes) {
    traceBytes.addAndGet(bytes);
  }

  /** Requests of any kind. */
  public long requests() {
    return requests.get();
  }

  /** {@code GET .../jobs/:id/trace} requests. */
  public long traceRequests() {
    return traceRequests.get();
  }

  /** Job-log bytes sent. */
  public long traceBytes() {
    return traceBytes.get();
  }

  /** Counts from zero again. */
  public void reset() {
    requests.set(0);
    traceRequests.set(0);
    traceBytes.set(0);
  }

  public JsonObject toJson() {
    return new JsonObject().put("requests", requests()).put("trace_requests", traceRequests())
        .put("trace_bytes", traceBytes());
  }
}
