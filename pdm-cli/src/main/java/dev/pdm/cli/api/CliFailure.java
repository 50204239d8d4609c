package dev.pdm.cli.api;

/** A failure the user sees as one line ({@code pdm: message}) and an exit status; the cause only with --debug. */
public final class CliFailure extends RuntimeException {
  /** Exit status when a run or request failed, or the server refused the request. */
  public static final int FAILED = 1;
  /** Exit status for usage errors (missing server, unanswerable prompt). */
  public static final int USAGE = 2;
  /** Exit status when the server cannot be reached. */
  public static final int UNREACHABLE = 4;
  /** Exit status when the token is missing, unknown (401) or lacks the operator role (403). */
  public static final int NOT_AUTHORIZED = 5;

  private final int exitCode;

  public CliFailure(int exitCode, String message) {
    this(exitCode, message, null);
  }

  public CliFailure(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
