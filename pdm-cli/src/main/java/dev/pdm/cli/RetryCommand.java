package dev.pdm.cli;

import dev.pdm.cli.api.PdmApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pdm retry RUN --stage S --reason TEXT}: a person says a failed stage is safe to run again. */
@Command(name = "retry", description = "Retries a failed stage of a run. pdm never retries a failed migration by itself:"
    + " the reason (why it is safe) is recorded.")
final class RetryCommand extends DecisionCommand {
  @Option(names = "--stage", paramLabel = "STAGE", required = true, description = "The failed stage (e.g. migrate-gstg).")
  private String stageId;

  @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why a retry is safe.")
  private String reason;

  @Override
  public Integer call() {
    return decide(stage(stageId) + "retry", PdmApi.body().put("reason", reason), "Retry of " + stageId);
  }
}
