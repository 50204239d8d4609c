package dev.pdm.core.gitlab;

/**
 * Told about every exchange with GitLab (metrics, at the server's edge). Called on the event loop that sent the
 * request: it must return at once and never throw.
 */
@FunctionalInterface
public interface GitLabRequestListener {
  /** Listens to nothing. */
  GitLabRequestListener NONE = exchange -> {
  };

  void exchanged(GitLabExchange exchange);
}
