package dev.pdm.cli;

import dev.pdm.cli.text.TerminalSize;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** One {@code pdm} invocation in-process, with its exit status and what it printed. */
record CliRun(int exitCode, String out, String err) {
  /** Runs pdm with the given environment variables, stdin and terminal flags. */
  static CliRun pdm(Map<String, String> environment, boolean terminal, String stdin, String... args) {
    Map<String, String> env = new HashMap<>(environment);
    env.putIfAbsent("XDG_CONFIG_HOME", "/nonexistent-pdm-test-config");
    Surroundings surroundings = new Surroundings(Map.copyOf(env), terminal, terminal,
        new BufferedReader(new StringReader(stdin)), Clock.systemUTC(), new FixedWindow(TerminalSize.CLASSIC));
    CommandLine commandLine = PdmCli.commandLine(surroundings);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new CliRun(exitCode, out.toString(), err.toString());
  }
}
