package dev.pdm.core.gitlab;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.util.function.Function;

/**
 * The body of a successful GitLab answer, not read yet: {@link #pipe} hands it over chunk by chunk, and reads the next
 * chunk only once the receiver is done with the last one, so a body of any size costs no more memory than the
 * receiver keeps.
 */
final class StreamedBody {
  private final HttpClientResponse response;

  StreamedBody(HttpClientResponse response) {
    this.response = response;
  }

  int status() {
    return response.statusCode();
  }

  String header(String name) {
    return response.getHeader(name);
  }

  /**
   * Hands each chunk to {@code receiver}, reading no further until its future completes; completes with the number of
   * bytes received once the body ended. When the receiver fails, the exchange is abandoned and so is the body.
   */
  Future<Long> pipe(Function<Buffer, Future<Void>> receiver) {
    Promise<Long> done = Promise.promise();
    long[] received = {0};
    Future<?>[] last = {Future.succeededFuture()};
    try {
      response.exceptionHandler(done::tryFail);
    } catch (IllegalStateException ended) {
      // The answer ended before anyone read it (it reached another context first): nothing of it was taken, and the
      // reader asks again from where it is.
      return Future.failedFuture(new IllegalStateException("GitLab's answer ended before it was read"));
    }
    response.handler(chunk -> {
      received[0] += chunk.length();
      Future<Void> taken;
      try {
        taken = receiver.apply(chunk);
      } catch (RuntimeException e) {
        taken = Future.failedFuture(e);
      }
      last[0] = taken;
      if (!taken.isComplete()) {
        response.pause();
      }
      taken.onComplete(outcome -> {
        if (outcome.failed()) {
          done.tryFail(outcome.cause());
          response.request().reset();
        } else if (!done.future().isComplete()) {
          response.resume();
        }
      });
    });
    response.endHandler(v -> last[0].onSuccess(ok -> done.tryComplete(received[0])));
    response.resume();
    return done.future();
  }
}
