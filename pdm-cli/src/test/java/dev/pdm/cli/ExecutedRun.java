package dev.pdm.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A sandboxed server in a scenario and {@code pdm execute --yes --watch} run against it: the given of run tests. */
record ExecutedRun(SandboxServer server, CliRun execution, String runId) implements AutoCloseable {
  private static final Pattern STARTED = Pattern.compile("Started run (\\S+) ");

  static ExecutedRun in(String scenario) throws Exception {
    SandboxServer server = SandboxServer.start(scenario);
    CliRun execution = server.pdm("execute", "--yes", "--watch");
    Matcher started = STARTED.matcher(execution.out());
    return new ExecutedRun(server, execution, started.find() ? started.group(1) : "none");
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
