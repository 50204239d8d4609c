package dev.pdm.sandbox;

/**
 * How to start the sandbox. {@code speed} is simulated seconds per wall-clock second; 0 means a
 * manual clock that only {@link SandboxClock#advance} and {@link SandboxClock#runUntilIdle} move.
 * {@code scenario} is a built-in scenario name or a path to a YAML/JSON scenario file.
 */
public record SandboxOptions(String host, int port, String token, String scenario,
    double speed) {

  /** Default token accepted by the sandbox. */
  public static final String DEFAULT_TOKEN = "sandbox-token";
  /** Default speed: a whole staging, QA, production run takes about a minute of wall time. */
  public static final double DEFAULT_SPEED = 8;

  public SandboxOptions {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host is empty; expected an address such as 127.0.0.1");
    }
    if (scenario == null || scenario.isBlank()) {
      throw new IllegalArgumentException("scenario is empty; expected a built-in scenario name"
          + " or a scenario file path");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port " + port + " is out of range; expected 0-65535");
    }
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("token is empty; expected a non-empty token");
    }
    if (speed < 0 || Double.isNaN(speed)) {
      throw new IllegalArgumentException("speed " + speed + " is invalid; expected 0 (manual"
          + " clock) or a positive factor");
    }
  }

  /** 127.0.0.1, a random port, {@code sandbox-token}, scenario {@code happy}, default speed. */
  public static SandboxOptions defaults() {
    return new SandboxOptions("127.0.0.1", 0, DEFAULT_TOKEN, "happy", DEFAULT_SPEED);
  }

  public SandboxOptions withHost(String newHost) {
    return new SandboxOptions(newHost, port, token, scenario, speed);
  }

  public SandboxOptions withPort(int newPort) {
    return new SandboxOptions(host, newPort, token, scenario, speed);
  }

  public SandboxOptions withToken(String newToken) {
    return new SandboxOptions(host, port, newToken, scenario, speed);
  }

  public SandboxOptions withScenario(String nameOrPath) {
    return new SandboxOptions(host, port, token, nameOrPath, speed);
  }

  public SandboxOptions withSpeed(double newSpeed) {
    return new SandboxOptions(host, port, token, scenario, newSpeed);
  }

  /** A clock that only tests move. */
  public SandboxOptions withManualClock() {
    return withSpeed(0);
  }
}
