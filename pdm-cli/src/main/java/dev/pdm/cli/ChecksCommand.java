package dev.pdm.cli;

import dev.pdm.cli.text.EnvironmentText;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pdm checks [--env E]}: the production checks, as a run would see them now. */
@Command(name = "checks", description = "Runs the production checks for each environment (or one) and shows verdicts.")
final class ChecksCommand extends ServerCommand {
  @Option(names = "--env", paramLabel = "ENV", description = "Only this environment (e.g. gprd).")
  private String environment;

  @Override
  public Integer call() {
    print(pdm.api().get("/api/v1/checks", Map.of("env", environment == null ? "" : environment)),
        new EnvironmentText(pdm.style(), pdm.times())::checksByEnvironment);
    return 0;
  }
}
