package dev.pdm.core.gitlab;

/**
 * A failed GitLab call as a value: never carries the token nor the query string.
 *
 * @param method  the HTTP method
 * @param path    the API path without query, e.g. {@code /projects/gitlab-org%2Fgitlab/pipelines}
 * @param status  the HTTP status, or 0 when no response arrived (timeout, connection refused)
 * @param message GitLab's {@code message}/{@code error}, or what went wrong on the way
 */
public record GitLabError(String method, String path, int status, String message) {

  /** How the message of a request that never reached GitLab (no connection could be made) starts. */
  static final String NOT_CONNECTED = "not connected: ";

  /** Whether GitLab answered that the resource does not exist. */
  public boolean isNotFound() {
    return status == 404;
  }

  /** Whether the outcome of a write is unknown: no answer, a 5xx, or a timeout. */
  public boolean outcomeUnknown() {
    return status == 0 || status >= 500;
  }

  /**
   * Whether GitLab certainly did not act on the request: it never reached GitLab (no connection), or GitLab refused it
   * before processing (429 rate limited; 503 from GitLab's maintenance mode or a load balancer with no backend left).
   */
  public boolean refusedUnprocessed() {
    return status == 429 || status == 503 || (status == 0 && message.startsWith(NOT_CONNECTED));
  }

  /** One line for logs and error messages. */
  public String describe() {
    return method + " " + path + " failed: " + (status == 0 ? "no response" : "HTTP " + status) + ": " + message;
  }
}
