package dev.pdm.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdm.cli.api.PdmApi;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pdm override-qa RUN --stage S --reason TEXT [--link URL]}: a person lets a failed QA stage through. */
@Command(name = "override-qa", description = "Overrides the failure of a QA stage: the only decision that lets the run go"
    + " on to production after QA failed (a mitigation on a QA stage is recorded only). The reason is recorded.")
final class OverrideQaCommand extends DecisionCommand {
  @Option(names = "--stage", paramLabel = "STAGE", required = true, description = "The failed QA stage (e.g. qa-gstg).")
  private String stageId;

  @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why production may go on.")
  private String reason;

  @Option(names = "--link", paramLabel = "URL", description = "Where it is explained (e.g. the QA issue).")
  private String link;

  @Override
  public Integer call() {
    ObjectNode body = PdmApi.body().put("reason", reason);
    Optional.ofNullable(link).ifPresent(url -> body.put("link", url));
    return decide(stage(stageId) + "override-qa", body, "QA failure override of " + stageId);
  }
}
