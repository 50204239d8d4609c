package dev.pdm.cli;

import dev.pdm.cli.text.EnvironmentText;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pdm executed (--sha SHA | --mr IID)}: has it run on staging / production, per source. */
@Command(name = "executed", description = "Says, per environment, whether a commit's or merge request's post-deploy"
    + " migrations have run, from each source: db/<env> deployments, workflow labels, pdm's runs.")
final class ExecutedCommand extends ServerCommand {
  @ArgGroup(multiplicity = "1")
  private Subject subject;

  /** Exactly one of a commit and a merge request. */
  static final class Subject {
    @Option(names = "--sha", paramLabel = "SHA", required = true, description = "A commit SHA.")
    private String sha;

    @Option(names = "--mr", paramLabel = "IID", required = true,
        description = "A merge request: its IID (123 or !123) or URL.")
    private String mergeRequest;
  }

  @Override
  public Integer call() {
    Map<String, String> query = subject.sha != null ? Map.of("sha", subject.sha) : Map.of("mr", subject.mergeRequest);
    print(pdm.api().get("/api/v1/executed", query), new EnvironmentText(pdm.style(), pdm.times())::executed);
    return 0;
  }
}
