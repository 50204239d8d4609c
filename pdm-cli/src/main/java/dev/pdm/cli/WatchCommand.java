package dev.pdm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.cli.api.CliFailure;
import dev.pdm.cli.api.PdmApi;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pdm watch [RUN]}: follows a run live until it succeeds, fails, blocks or is canceled. */
@Command(name = "watch", description = {"Follows a run live: stages with status and duration, the current migration,"
    + " the log tail. Redraws in place on a terminal, prints plain lines otherwise; reconnects after a drop.",
    "Exit status: 0 succeeded, 1 failed or waiting for a decision (the triage, or the choices of a trigger in doubt,"
        + " is printed), 3 blocked or canceled."})
final class WatchCommand extends ServerCommand {
  @Parameters(paramLabel = "RUN", arity = "0..1", description = "The run's id (default: the newest run).")
  private String runId;

  @Override
  public Integer call() {
    PdmApi api = pdm.api();
    String run = Optional.ofNullable(runId).orElseGet(() -> newest(api));
    return new RunWatch(pdm, api, out()).watch(run);
  }

  private static String newest(PdmApi api) {
    JsonNode runs = api.get("/api/v1/runs", Map.of("limit", "1")).path("runs");
    if (runs.isEmpty()) {
      throw new CliFailure(CliFailure.FAILED, "there is no run to watch on " + api.server());
    }
    return runs.get(0).path("id").asText();
  }
}
