package dev.pdm.cli;

import dev.pdm.cli.api.PdmApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pdm cancel RUN --reason TEXT}: stop a run (a running pipeline is let finish). */
@Command(name = "cancel", description = "Cancels a run. A pipeline already running is never canceled: the run ends"
    + " when it ends.")
final class CancelCommand extends DecisionCommand {
  @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why the run is canceled.")
  private String reason;

  @Override
  public Integer call() {
    return decide("cancel", PdmApi.body().put("reason", reason), "Cancellation");
  }
}
