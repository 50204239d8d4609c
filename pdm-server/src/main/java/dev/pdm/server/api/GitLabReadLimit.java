package dev.pdm.server.api;

import dev.pdm.core.auth.Caller;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;

/**
 * Requests that make pdm read GitLab on demand ({@code fresh=true}, "was it executed?", triage of a job) are limited per
 * token to {@code auth.gitlab_reads_per_minute}: a viewer's token cannot turn pdm's GitLab token into a flood of
 * calls (GitLab would rate-limit pdm itself, runs included). Beyond it: 429 with {@code Retry-After}.
 */
public final class GitLabReadLimit {
  private final PerMinuteLimit limit;

  public GitLabReadLimit(PerMinuteLimit limit) {
    this.limit = limit;
  }

  /** Limits every request of the route. */
  Handler<RoutingContext> always() {
    return this::take;
  }

  /** Limits the requests of the route that ask for {@code fresh=true}; the others are answered from the cache. */
  Handler<RoutingContext> whenFresh() {
    return ctx -> {
      if ("true".equals(ctx.request().getParam("fresh"))) {
        take(ctx);
      } else {
        ctx.next();
      }
    };
  }

  private void take(RoutingContext ctx) {
    Caller caller = Authentication.caller(ctx);
    Optional<Duration> wait = limit.take(caller.name());
    if (wait.isPresent()) {
      ApiReplies.tooMany(ctx, wait.get(), caller.name() + " asked pdm to read GitLab " + limit.limit()
          + " times this minute (auth.gitlab_reads_per_minute)");
      return;
    }
    ctx.next();
  }
}
