package dev.pdm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.cli.api.CliFailure;
import dev.pdm.cli.api.PdmApi;
import dev.pdm.cli.text.EnvironmentText;
import dev.pdm.cli.text.RunText;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pdm execute [--yes] [--watch]}: shows what will run, asks, and starts a run of the plan. */
@Command(name = "execute", description = {"Starts a run of the post-deploy migration plan: shows the pending"
    + " migrations and checks, asks for confirmation (unless --yes; it will not ask when stdin is not a terminal),"
    + " then asks the server for the run.",
    "With --watch, follows it like 'pdm watch' and exits the same way."})
final class ExecuteCommand extends ServerCommand {
  @Option(names = {"-y", "--yes"}, description = "Start without asking.")
  private boolean yes;

  @Option(names = "--watch", description = "Follow the run live until it settles.")
  private boolean watch;

  @Override
  public Integer call() {
    PdmApi api = pdm.api();
    if (!yes) {
      confirm(api);
    }
    JsonNode run = api.requestRun();
    PrintWriter out = out();
    if (pdm.json() && !watch) {
      out.println(json(run));
      out.flush();
      return 0;
    }
    if (!pdm.json()) {
      out.println("Started run " + run.path("id").asText() + " (" + run.path("status").asText() + ").");
      out.flush();
    }
    return watch ? new RunWatch(pdm, api, out).watch(run.path("id").asText()) : 0;
  }

  private void confirm(PdmApi api) {
    if (!pdm.surroundings().interactive()) {
      throw new CliFailure(CliFailure.USAGE, "not asking for confirmation: stdin is not a terminal; pass --yes to"
          + " start the run");
    }
    JsonNode overview = api.get("/api/v1/overview");
    PrintWriter out = out();
    out.print(new EnvironmentText(pdm.style(), pdm.times()).overview(overview));
    out.print("\nStart a run of " + String.join(" → ", RunText.texts(overview.path("plan"))) + "? [y/N] ");
    out.flush();
    String answer;
    try {
      answer = Optional.ofNullable(pdm.surroundings().stdin().readLine()).orElse("");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!answer.strip().toLowerCase(Locale.ROOT).matches("y|yes")) {
      throw new CliFailure(CliFailure.FAILED, "not started: the answer was not yes");
    }
  }
}
