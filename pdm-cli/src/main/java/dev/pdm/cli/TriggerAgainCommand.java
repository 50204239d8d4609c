package dev.pdm.cli;

import dev.pdm.cli.api.PdmApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pdm trigger-again RUN --stage S --reason TEXT}: a person says no pipeline was created for a trigger in doubt. */
@Command(name = "trigger-again", description = {"Triggers a stage whose trigger is in doubt (TRIGGER_UNCERTAIN) again, as"
    + " a new attempt (a migration checks first). pdm never does this by itself: if GitLab did create a pipeline pdm"
    + " cannot see, a second one would run next to it. Look in GitLab first; the reason is recorded."})
final class TriggerAgainCommand extends DecisionCommand {
  @Option(names = "--stage", paramLabel = "STAGE", required = true, description = "The stage in doubt (e.g. migrate-gstg).")
  private String stageId;

  @Option(names = "--reason", paramLabel = "TEXT", required = true,
      description = "Why you are sure no pipeline was created for the attempt.")
  private String reason;

  @Override
  public Integer call() {
    return decide(stage(stageId) + "trigger-again", PdmApi.body().put("reason", reason), "Trigger again of " + stageId);
  }
}
