package dev.pdm.cli;

import dev.pdm.cli.api.PdmApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pdm abandon RUN --stage S --reason TEXT}: a person gives a stage up; the run ends failed. */
@Command(name = "abandon", description = "Abandons a stage in progress (checking, blocked, triggering, trigger in doubt,"
    + " running or failed), also while the run is being canceled: the run ends failed. No GitLab pipeline is canceled;"
    + " the reason is recorded.")
final class AbandonCommand extends DecisionCommand {
  @Option(names = "--stage", paramLabel = "STAGE", required = true, description = "The stage to give up (e.g. migrate-gstg).")
  private String stageId;

  @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why the stage is given up.")
  private String reason;

  @Override
  public Integer call() {
    return decide(stage(stageId) + "abandon", PdmApi.body().put("reason", reason), "Abandonment of " + stageId);
  }
}
