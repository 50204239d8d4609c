package dev.pdm.core.gitlab;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One HTTP exchange with GitLab, as a {@link GitLabRequestListener} is told about it: each attempt counts, retries
 * included. Carries no URL, query or header value that could hold a secret.
 *
 * @param method             the HTTP method
 * @param endpoint           the endpoint class ({@link GitLabEndpoint#classify(String)}), a small fixed set
 * @param status             the HTTP status, or 0 when no answer came (timeout, connection refused or reset)
 * @param duration           from sending to the answer (or the failure)
 * @param rateLimitRemaining GitLab's {@code RateLimit-Remaining} header, when it sent one
 * @param requestId          GitLab's {@code X-Request-Id} header, when it sent one
 */
public record GitLabExchange(String method, String endpoint, int status, Duration duration,
    OptionalLong rateLimitRemaining, Optional<String> requestId) {

  public GitLabExchange {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(duration, "duration");
  }

  /** The status as a label: the three digits, or {@code none} when GitLab did not answer. */
  public String statusLabel() {
    return status == 0 ? "none" : Integer.toString(status);
  }
}
