package dev.pdm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.cli.api.CliFailure;
import dev.pdm.cli.text.RollbackText;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pdm rollback-check ENV PACKAGE}: may ENV be rolled back to PACKAGE without breaking its schema? */
@Command(name = "rollback-check", description = {"Says whether rolling ENV back to PACKAGE (a package ref or a commit SHA)"
    + " is safe: unsafe when a post-deploy migration that ran on ENV is not in that package's code. Names the migrations"
    + " that make it unsafe, and judges each package recently deployed on ENV. Pending migrations never block.",
    "Exit status 0 when safe, 1 when unsafe."})
final class RollbackCheckCommand extends ServerCommand {
  @Parameters(index = "0", paramLabel = "ENV", description = "The environment, e.g. gprd.")
  private String environment;

  @Parameters(index = "1", paramLabel = "PACKAGE", description = "The package ref (e.g. 17-6-auto-deploy-2024110808) or"
      + " commit SHA to roll back to.")
  private String target;

  @Override
  public Integer call() {
    JsonNode answer = pdm.api().get("/api/v1/rollback-check", Map.of("environment", environment, "to", target));
    print(answer, new RollbackText(pdm.style(), pdm.times())::report);
    return answer.path("target").path("safe").asBoolean() ? 0 : CliFailure.FAILED;
  }
}
