package dev.pdm.core.gitlab;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates something in GitLab at most once. When a create's outcome is unknown (no response, 5xx) it waits for
 * GitLab to settle, then looks for what the attempt may have created. Only when GitLab answered that it failed
 * (500, 502, 503) and nothing is found does it attempt once more; after a timeout or a 504 GitLab may still be
 * creating it, so the failure is returned for the caller to look again later rather than risk a duplicate.
 */
final class WriteGuard {

  private static final Logger LOG = LoggerFactory.getLogger(WriteGuard.class);

  private final Vertx vertx;
  private final Duration settle;

  WriteGuard(Vertx vertx, Duration settle) {
    this.vertx = vertx;
    this.settle = settle;
  }

  <T> Future<T> create(String what, Supplier<Future<T>> attempt, Supplier<Future<Optional<T>>> lookup) {
    return create(what, attempt, lookup, 1);
  }

  private <T> Future<T> create(String what, Supplier<Future<T>> attempt, Supplier<Future<Optional<T>>> lookup,
                               int attemptsLeft) {
    return attempt.get().recover(failure -> {
      if (!(failure instanceof GitLabException gitLab) || !gitLab.error().outcomeUnknown()) {
        return Future.failedFuture(failure);
      }
      LOG.warn("Creating {} had an unknown outcome ({}); looking for it before any second attempt", what,
          gitLab.error().describe());
      return vertx.timer(settle.toMillis(), TimeUnit.MILLISECONDS)
          .compose(settled -> lookup.get())
          .recover(lookupFailure -> Future.failedFuture(failure))
          .compose(found -> {
            if (found.isPresent()) {
              LOG.info("Found {} created by the failed attempt; not creating it again", what);
              return Future.succeededFuture(found.get());
            }
            int status = gitLab.error().status();
            if (attemptsLeft == 0 || status == 0 || status == 504) {
              LOG.warn("No {} found; GitLab may still be creating it, so not attempting again", what);
              return Future.failedFuture(failure);
            }
            LOG.info("No {} was created; attempting once more", what);
            return create(what, attempt, lookup, attemptsLeft - 1);
          });
    });
  }
}
