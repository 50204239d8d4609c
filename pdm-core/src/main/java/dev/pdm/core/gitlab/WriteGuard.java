package dev.pdm.core.gitlab;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates something in GitLab at most once: when a create's outcome is unknown (no response, 5xx) it first looks
 * for what the attempt may have created, and only if nothing is found makes one more attempt.
 */
final class WriteGuard {

  private static final Logger LOG = LoggerFactory.getLogger(WriteGuard.class);

  private WriteGuard() {
  }

  static <T> Future<T> create(String what, Supplier<Future<T>> attempt, Supplier<Future<Optional<T>>> lookup) {
    return create(what, attempt, lookup, 1);
  }

  private static <T> Future<T> create(String what, Supplier<Future<T>> attempt,
                                      Supplier<Future<Optional<T>>> lookup, int attemptsLeft) {
    return attempt.get().recover(failure -> {
      if (!(failure instanceof GitLabException gitLab) || !gitLab.error().outcomeUnknown()) {
        return Future.failedFuture(failure);
      }
      LOG.warn("Creating {} had an unknown outcome ({}); looking for it before any second attempt", what,
          gitLab.error().describe());
      return lookup.get()
          .recover(lookupFailure -> Future.failedFuture(failure))
          .compose(found -> {
            if (found.isPresent()) {
              LOG.info("Found {} created by the failed attempt; not creating it again", what);
              return Future.succeededFuture(found.get());
            }
            if (attemptsLeft == 0) {
              return Future.failedFuture(failure);
            }
            LOG.info("No {} was created; attempting once more", what);
            return create(what, attempt, lookup, attemptsLeft - 1);
          });
    });
  }
}
