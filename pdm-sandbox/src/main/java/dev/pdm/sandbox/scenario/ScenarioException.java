package dev.pdm.sandbox.scenario;

/** A scenario that cannot be read or is inconsistent; the message names the field and value. */
public final class ScenarioException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ScenarioException(String message) {
    super(message);
  }

  public ScenarioException(String message, Throwable cause) {
    super(message, cause);
  }
}
