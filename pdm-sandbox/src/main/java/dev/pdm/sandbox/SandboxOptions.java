package dev.pdm.sandbox;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to start the sandbox. {@code speed} is simulated seconds per wall-clock second; 0 means a
 * manual clock that only {@link SandboxClock#advance} and {@link SandboxClock#runUntilIdle} move.
 * {@code scenario} is a built-in scenario name or a path to a YAML/JSON scenario file.
 * {@code scenariosDir} is where {@code POST /-/sandbox/scenario} may load files from (built-in
 * names only when empty).
 */
public record SandboxOptions(String host, int port, String token, String scenario,
    double speed, Optional<Path> scenariosDir) {

  /** Default token accepted by the sandbox. */
  public static final String DEFAULT_TOKEN = "sandbox-token";
  /** Default speed: a whole staging, QA, production run takes about a minute of wall time. */
  public static final double DEFAULT_SPEED = 8;

  public SandboxOptions {
    scenariosDir = scenariosDir == null ? Optional.empty() : scenariosDir;
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

  /** Options without a scenarios directory. */
  public SandboxOptions(String host, int port, String token, String scenario, double speed) {
    this(host, port, token, scenario, speed, Optional.empty());
  }

  /** 127.0.0.1, a random port, {@code sandbox-token}, scenario {@code happy}, default speed. */
  public static SandboxOptions defaults() {
    return new SandboxOptions("127.0.0.1", 0, DEFAULT_TOKEN, "happy", DEFAULT_SPEED);
  }

  public SandboxOptions withHost(String newHost) {
    return new SandboxOptions(newHost, port, token, scenario, speed, scenariosDir);
  }

  public SandboxOptions withPort(int newPort) {
    return new SandboxOptions(host, newPort, token, scenario, speed, scenariosDir);
  }

  public SandboxOptions withToken(String newToken) {
    return new SandboxOptions(host, port, newToken, scenario, speed, scenariosDir);
  }

  public SandboxOptions withScenario(String nameOrPath) {
    return new SandboxOptions(host, port, token, nameOrPath, speed, scenariosDir);
  }

  public SandboxOptions withSpeed(double newSpeed) {
    return new SandboxOptions(host, port, token, scenario, newSpeed, scenariosDir);
  }

  /** Lets {@code POST /-/sandbox/scenario} load scenario files from under {@code directory}. */
  public SandboxOptions withScenariosDir(Path directory) {
    return new SandboxOptions(host, port, token, scenario, speed, Optional.of(directory));
  }

  /** A clock that only tests move. */
  public SandboxOptions withManualClock() {
    return withSpeed(0);
  }
}
