package dev.pdm.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A sandboxed server in a scenario and {@code pdm execute --yes --watch} run against it: the given of run tests. */
record ExecutedRun(SandboxServer server, CliRun execution, String runId) implements AutoCloseable {
  private static final Pattern STARTED = Pattern.compile("Started run (\\S+) ");

  static ExecutedRun in(String scenario) throws Exception {
    return in(scenario, server -> { });
  }

  /** With {@code meanwhile} done to the server (e.g. a fault armed in its GitLab) before the run is asked for. */
  static ExecutedRun in(String scenario, Meanwhile meanwhile) throws Exception {
    SandboxServer server = SandboxServer.start(scenario);
    meanwhile.accept(server);
    CliRun execution = server.pdm("execute", "--yes", "--watch");
    Matcher started = STARTED.matcher(execution.out());
    return new ExecutedRun(server, execution, started.find() ? started.group(1) : "none");
  }

  @Override
  public void close() throws Exception {
    server.close();
  }

  /** Something done to the server before the run starts. */
  interface Meanwhile {
    void accept(SandboxServer server) throws Exception;
  }
}
