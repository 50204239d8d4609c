package dev.pdm.cli;

import dev.pdm.cli.text.EnvironmentText;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pdm pending [--env E]}: the post-deploy migrations waiting to run. */
@Command(name = "pending", description = "Lists the post-deploy migrations pending on each environment (or one).")
final class PendingCommand extends ServerCommand {
  @Option(names = "--env", paramLabel = "ENV", description = "Only this environment (e.g. gstg).")
  private String environment;

  @Override
  public Integer call() {
    print(pdm.api().get("/api/v1/pending", Map.of("env", environment == null ? "" : environment)),
        new EnvironmentText(pdm.style(), pdm.times())::pendingByEnvironment);
    return 0;
  }
}
