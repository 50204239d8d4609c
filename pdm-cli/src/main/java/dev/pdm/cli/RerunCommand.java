package dev.pdm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdm.cli.api.PdmApi;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pdm rerun RUN --stage S [--reason TEXT]}: the new run pdm offers once a plan's fix is ready. */
@Command(name = "rerun", description = {"Starts the new run pdm offers once the mitigation plan's fix is ready (the"
    + " no-op merge request runs on every environment, or the mark-complete change request is done). The failed run,"
    + " if still waiting for a decision, is closed with the reason."})
final class RerunCommand extends DecisionCommand {
  @Option(names = "--stage", paramLabel = "STAGE", required = true, description = "The failed stage (e.g. migrate-gstg).")
  private String stageId;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why the failed run is closed (default: pdm's).")
  private String reason;

  @Override
  public Integer call() {
    ObjectNode body = PdmApi.body();
    Optional.ofNullable(reason).ifPresent(v -> body.put("reason", v));
    JsonNode run = pdm.api().post("/api/v1/runs/" + PdmApi.segment(runId) + "/" + stage(stageId) + "incident/rerun",
        body);
    print(run, answer -> "New run " + answer.path("id").asText() + " started ("
        + pdm.style().status(answer.path("status").asText()) + "); follow it with: pdm watch "
        + answer.path("id").asText() + "\n");
    return 0;
  }
}
