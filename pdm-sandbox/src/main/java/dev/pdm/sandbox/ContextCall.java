package dev.pdm.sandbox;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.Callable;

/** Runs an action on the sandbox's context, from any thread, and hands back its result. */
final class ContextCall {
  private ContextCall() {
  }

  static <T> Future<T> on(Context context, Callable<T> action) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> {
      try {
        promise.complete(action.call());
      } catch (Exception e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }
}
