package dev.pdm.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdm.cli.api.PdmApi;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pdm handover RUN --stage S --to USER [--summary TEXT]}: hand the incident workflow over. */
@Command(name = "handover", description = {"Hands a failed stage's incident workflow over to another release manager:"
    + " the summary (by default pdm's: what failed, the decisions so far, the open items) is posted to the incident"
    + " and chat, and kept on the run."})
final class HandoverCommand extends DecisionCommand {
  @Option(names = "--stage", paramLabel = "STAGE", required = true, description = "The failed stage (e.g. migrate-gstg).")
  private String stageId;

  @Option(names = "--to", paramLabel = "USER", required = true, description = "The GitLab username of the release"
      + " manager taking over.")
  private String to;

  @Option(names = "--summary", paramLabel = "TEXT", description = "The summary (default: pdm's).")
  private String summary;

  @Override
  public Integer call() {
    ObjectNode body = PdmApi.body().put("to", to);
    Optional.ofNullable(summary).ifPresent(v -> body.put("summary", v));
    return decide(stage(stageId) + "incident/handover", body, "Hand-over of " + stageId + " to " + to);
  }
}
