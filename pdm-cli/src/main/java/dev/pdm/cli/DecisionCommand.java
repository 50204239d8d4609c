package dev.pdm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdm.cli.api.PdmApi;
import picocli.CommandLine.Parameters;

/**
 * A person's recorded decision on a run (retry, cancel, mitigation, QA override, adopt, trigger again, abandon): posted
 * with its reason, answered with the run.
 */
abstract class DecisionCommand extends ServerCommand {
  @Parameters(index = "0", paramLabel = "RUN", description = "The run's id.")
  String runId;

  /** Posts the decision to {@code /api/v1/runs/RUN/<path>} and says what the run does now. */
  int decide(String path, ObjectNode body, String what) {
    JsonNode run = pdm.api().post("/api/v1/runs/" + PdmApi.segment(runId) + "/" + path, body);
    print(run, answer -> what + " recorded; run " + answer.path("id").asText() + " is now "
        + pdm.style().status(answer.path("status").asText()) + ".\n");
    return 0;
  }

  /** {@code stages/<stage>/} with the stage id encoded. */
  static String stage(String stageId) {
    return "stages/" + PdmApi.segment(stageId) + "/";
  }
}
