package dev.pdm.server.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waits, without blocking an event loop, for what follows a run's transitions on its own (announcements, direct
 * messages, the next pipeline): generous on a loaded machine, failing with a clear message after a minute.
 */
public final class Eventually {
  private static final long WAIT_SECONDS = 60;
  private static final long STEP_MILLIS = 100;

  private Eventually() {
  }

  public static Future<Void> until(Vertx vertx, String what, BooleanSupplier condition) {
    return poll(vertx, what, condition, System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS));
  }

  private static Future<Void> poll(Vertx vertx, String what, BooleanSupplier condition, long deadline) {
    if (condition.getAsBoolean()) {
      return Future.succeededFuture();
    }
    if (System.nanoTime() > deadline) {
      return Future.failedFuture("not within " + WAIT_SECONDS + " s: " + what);
    }
    return vertx.timer(STEP_MILLIS).compose(t -> poll(vertx, what, condition, deadline));
  }
}
