package dev.pdm.cli;

import dev.pdm.cli.api.PdmApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pdm block RUN --stage S --reason TEXT [--does-not-block]}: does a failed migration block deployments? */
@Command(name = "block", description = {"Records whether a failed stage blocks deployments. Blocking adds the"
    + " deployment blocker label to the incident (pdm's production checks then block runs) and announces it; with"
    + " --does-not-block the decision is only recorded. Either way pdm notes who decided, when and why on the incident."})
final class BlockCommand extends DecisionCommand {
  @Option(names = "--stage", paramLabel = "STAGE", required = true, description = "The failed stage (e.g. migrate-gstg).")
  private String stageId;

  @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why.")
  private String reason;

  @Option(names = "--does-not-block", description = "The failure does not block deployments.")
  private boolean doesNotBlock;

  @Override
  public Integer call() {
    return decide(stage(stageId) + "incident/block", PdmApi.body().put("blocks", !doesNotBlock).put("reason", reason),
        (doesNotBlock ? "Does not block deployments" : "Blocks deployments") + " (" + stageId + ")");
  }
}
