package dev.pdm.server.web;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;

/** Browser tests run on JUnit's thread, never an event loop: there they may wait for pdm's futures. */
final class Awaiting {
  private Awaiting() {
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("waiting for pdm: " + e.getMessage(), e);
    }
  }
}
