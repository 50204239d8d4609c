package dev.pdm.sandbox.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What clients asked of the API since the last reset: every request (whatever its answer), the job-log requests
 * among them and the log bytes sent, in all and per answer (the latest {@value #KEPT_TRACE_ANSWERS}). What "GitLab
 * calls per minute" and "bytes read per poll" are measured with.
 */
public final class ApiTraffic {
  /** Enough for every poll of a long benchmark run; older answers are dropped (the totals still count them). */
  static final int KEPT_TRACE_ANSWERS = 10_000;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong traceRequests = new AtomicLong();
  private final AtomicLong traceBytes = new AtomicLong();
  private final Deque<TraceAnswer> traceAnswers = new ArrayDeque<>();

  /** One answer to a job-log request: the job, its status, the byte it started at and the bytes sent so far. */
  static final class TraceAnswer {
    private final long job;
    private final int status;
    private final long from;
    private final AtomicLong bytes = new AtomicLong();

    private TraceAnswer(long job, int status, long from) {
      this.job = job;
      this.status = status;
      this.from = from;
    }

    void sent(long count) {
      bytes.addAndGet(count);
    }

    private JsonObject toJson() {
      return new JsonObject().put("job", job).put("status", status).put("from", from).put("bytes", bytes.get());
    }
  }

  void request(boolean trace) {
    requests.incrementAndGet();
    if (trace) {
      traceRequests.incrementAndGet();
    }
  }

  /** A job-log answer begins (status 200, 206 or 416, from byte {@code from}); its bytes are counted on it. */
  TraceAnswer traceAnswer(long job, int status, long from) {
    TraceAnswer answer = new TraceAnswer(job, status, from);
    synchronized (traceAnswers) {
      traceAnswers.addLast(answer);
      if (traceAnswers.size() > KEPT_TRACE_ANSWERS) {
        traceAnswers.removeFirst();
      }
    }
    return answer;
  }

  void traceSent(TraceAnswer answer, long bytes) {
    answer.sent(bytes);
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
    synchronized (traceAnswers) {
      traceAnswers.clear();
    }
  }

  public JsonObject toJson() {
    JsonArray answers = new JsonArray();
    synchronized (traceAnswers) {
      traceAnswers.forEach(answer -> answers.add(answer.toJson()));
    }
    return new JsonObject().put("requests", requests()).put("trace_requests", traceRequests())
        .put("trace_bytes", traceBytes()).put("trace_answers", answers);
  }
}
