package dev.pdm.server.health;

import dev.pdm.core.gitlab.GitLabExchange;
import dev.pdm.core.gitlab.GitLabRequestListener;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether GitLab answered pdm's latest request, learnt from pdm's own traffic (the overview alone reads GitLab every
 * {@code polling.idle_interval_seconds}): no request is made just to find out.
 */
public final class GitLabReachability implements GitLabRequestListener {
  private final Clock clock;
  private volatile Optional<Seen> latest = Optional.empty();
  private volatile Optional<Instant> lastAnswered = Optional.empty();

  public GitLabReachability(Clock clock) {
    this.clock = clock;
  }

  private record Seen(GitLabExchange exchange, Instant at) {
  }

  @Override
  public void exchanged(GitLabExchange exchange) {
    Instant now = clock.instant();
    latest = Optional.of(new Seen(exchange, now));
    if (answered(exchange)) {
      lastAnswered = Optional.of(now);
    }
  }

  /** UP when GitLab's latest answer was not a failure of its own (a 5xx or none), WARN otherwise: never DOWN. */
  JsonObject check() {
    JsonObject check = new JsonObject().put("name", "gitlab");
    lastAnswered.ifPresent(at -> check.put("last_answer_at", at.toString()));
    if (latest.isEmpty()) {
      return check.put("status", "UP").put("detail", "no request sent yet");
    }
    Seen seen = latest.get();
    if (answered(seen.exchange())) {
      return check.put("status", "UP");
    }
    return check.put("status", "WARN").put("reason", "GitLab's latest answer, at " + seen.at() + " to a "
        + seen.exchange().method() + " on " + seen.exchange().endpoint() + ", was "
        + (seen.exchange().status() == 0 ? "none (timeout or connection failure)" : "HTTP " + seen.exchange().status())
        + "; runs wait and retry reads until it answers");
  }

  private static boolean answered(GitLabExchange exchange) {
    return exchange.status() != 0 && exchange.status() < 500;
  }
}
