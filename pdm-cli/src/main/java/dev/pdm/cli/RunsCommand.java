package dev.pdm.cli;

import dev.pdm.cli.text.RunText;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pdm runs [--status S] [--limit N]}: the runs, newest first. */
@Command(name = "runs", description = "Lists runs, newest first.")
final class RunsCommand extends ServerCommand {
  @Option(names = "--status", paramLabel = "STATUS", description = "Only runs with this status (e.g. failed).")
  private String status;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N runs (1-200; default 20).")
  private int limit;

  @Override
  public Integer call() {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("status", status);
    query.put("limit", String.valueOf(limit));
    print(pdm.api().get("/api/v1/runs", query), new RunText(pdm.style(), pdm.times())::list);
    return 0;
  }
}
