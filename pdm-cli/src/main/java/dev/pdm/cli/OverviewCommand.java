package dev.pdm.cli;

import dev.pdm.cli.text.EnvironmentText;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pdm overview}: environments, their packages, pending migrations and checks, the active and recent runs. */
@Command(name = "overview", description = "Shows each environment's packages, pending post-deploy migrations and"
    + " production checks, and the active and recent runs.")
final class OverviewCommand extends ServerCommand {
  @Option(names = "--fresh", description = "Read GitLab now rather than the server's cached view.")
  private boolean fresh;

  @Override
  public Integer call() {
    print(pdm.api().get("/api/v1/overview", Map.of("fresh", fresh ? "true" : "")),
        new EnvironmentText(pdm.style(), pdm.times())::overview);
    return 0;
  }
}
