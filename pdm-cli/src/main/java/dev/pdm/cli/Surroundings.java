package dev.pdm.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What pdm reads from the world besides its arguments: environment variables, whether stdin and stdout are terminals,
 * stdin itself and the clock. Tests give their own.
 */
record Surroundings(Map<String, String> environment, boolean interactive, boolean terminalOutput, BufferedReader stdin,
    Clock clock) {
  /** The real process's surroundings. */
  static Surroundings system() {
    boolean terminal = System.console() != null;
    return new Surroundings(System.getenv(), terminal, terminal,
        new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())), Clock.systemUTC());
  }

  /** An environment variable, when set and not blank. */
  Optional<String> variable(String name) {
    return Optional.ofNullable(environment.get(name)).filter(value -> !value.isBlank());
  }
}
