package dev.pdm.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What pdm reads from the world besides its arguments: environment variables, whether stdin and stdout are terminals,
 * stdin itself, the clock and the terminal's window. Tests give their own.
 */
record Surroundings(Map<String, String> environment, boolean interactive, boolean terminalOutput, BufferedReader stdin,
    Clock clock, TerminalWindow window) {
  /** The real process's surroundings. */
  static Surroundings system() {
    boolean terminal = System.console() != null;
    return new Surroundings(System.getenv(), terminal, terminal,
        new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())), Clock.systemUTC(),
        new TtyWindow());
  }

  /** An environment variable, when set and not blank. */
  Optional<String> variable(String name) {
    return Optional.ofNullable(environment.get(name)).filter(value -> !value.isBlank());
  }

  /** Whether output may be redrawn in place: a terminal that understands cursor movement ({@code TERM} not dumb). */
  boolean redrawable() {
    return terminalOutput && variable("TERM").filter("dumb"::equals).isEmpty();
  }
}
