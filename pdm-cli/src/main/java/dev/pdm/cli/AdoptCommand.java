package dev.pdm.cli;

import dev.pdm.cli.api.PdmApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pdm adopt RUN --stage S --pipeline N --reason TEXT}: a person names the pipeline of a trigger in doubt. */
@Command(name = "adopt", description = "Adopts a pipeline for a stage whose trigger is in doubt (TRIGGER_UNCERTAIN: pdm sent"
    + " the pipeline creation and cannot tell whether GitLab created it). pdm follows that pipeline as the attempt's;"
    + " the reason is recorded.")
final class AdoptCommand extends DecisionCommand {
  @Option(names = "--stage", paramLabel = "STAGE", required = true, description = "The stage in doubt (e.g. migrate-gstg).")
  private String stageId;

  @Option(names = "--pipeline", paramLabel = "N", required = true,
      description = "The id of the pipeline in GitLab (in the project the creation was sent to).")
  private long pipelineId;

  @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why it is this attempt's pipeline.")
  private String reason;

  @Override
  public Integer call() {
    return decide(stage(stageId) + "adopt", PdmApi.body().put("pipeline_id", pipelineId).put("reason", reason),
        "Adoption of pipeline " + pipelineId + " for " + stageId);
  }
}
