package dev.pdm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdm.cli.api.PdmApi;
import dev.pdm.cli.text.RunText;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pdm run ID}: one run's stages, triage, audit trail and events. */
@Command(name = "run", description = "Shows one run: its stages, the triage of failed stages, its audit trail and"
    + " its events.")
final class RunCommand extends ServerCommand {
  @Parameters(paramLabel = "RUN", description = "The run's id.")
  private String runId;

  @Override
  public Integer call() {
    PdmApi api = pdm.api();
    JsonNode run = api.get("/api/v1/runs/" + PdmApi.segment(runId));
    JsonNode events = api.get("/api/v1/runs/" + PdmApi.segment(runId) + "/events", Map.of("limit", "1000"));
    ObjectNode both = PdmApi.body();
    both.set("run", run);
    both.set("events", events.path("events"));
    print(both, answer -> new RunText(pdm.style(), pdm.times()).details(run, events));
    return 0;
  }
}
