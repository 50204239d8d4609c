package dev.pdm.core.gitlab;

/** The exception a GitLab client {@code Future} fails with; its {@link GitLabError} says what and where. */
public final class GitLabException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final transient GitLabError error;

  /** Wraps an error value. */
  public GitLabException(GitLabError error) {
    super(error.describe(), null, false, false);
    this.error = error;
  }

  /** The error as a value. */
  public GitLabError error() {
    return error;
  }

  /** Whether {@code failure} is GitLab saying 404 Not Found. */
  public static boolean isNotFound(Throwable failure) {
    return failure instanceof GitLabException e && e.error.isNotFound();
  }
}
