package dev.pdm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdm.cli.api.CliFailure;
import dev.pdm.cli.api.PdmApi;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code pdm mitigate RUN --kind noop|mark-complete|other --reason TEXT [--link URL] [--stage S]}. */
@Command(name = "mitigate", description = {"Records a mitigation of a failed stage: noop (the migration was made a"
    + " no-op) and mark-complete (a DML migration was completed by hand) let the run go on; other only records it."
    + " A failed QA stage takes only other: to let production go on after QA failed, see override-qa."})
final class MitigateCommand extends DecisionCommand {
  @Option(names = "--kind", paramLabel = "KIND", required = true, converter = KindConverter.class,
      description = "noop, mark-complete or other.")
  private String kind;

  @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "What was done and why it is safe.")
  private String reason;

  @Option(names = "--link", paramLabel = "URL", description = "Where it was done (e.g. the follow-up merge request).")
  private String link;

  @Option(names = "--stage", paramLabel = "STAGE", description = "The failed stage (default: the run's failed stage).")
  private String stageId;

  @Override
  public Integer call() {
    String stage = Optional.ofNullable(stageId).orElseGet(this::failedStage);
    ObjectNode body = PdmApi.body().put("kind", kind).put("reason", reason);
    Optional.ofNullable(link).ifPresent(url -> body.put("link", url));
    return decide(stage(stage) + "mitigations", body, "Mitigation (" + kind + ") of " + stage);
  }

  private String failedStage() {
    JsonNode run = pdm.api().get("/api/v1/runs/" + PdmApi.segment(runId));
    for (JsonNode stage : run.path("state").path("run").path("stages")) {
      if ("FAILED".equals(stage.path("status").asText())) {
        return stage.path("spec").path("id").asText();
      }
    }
    throw new CliFailure(CliFailure.USAGE, "--stage: run " + runId + " has no failed stage (it is "
        + run.path("status").asText() + "); name the stage with --stage");
  }

  /** Accepts exactly the server's spellings, with picocli's error listing them otherwise. */
  static final class KindConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (!value.equals("noop") && !value.equals("mark-complete") && !value.equals("other")) {
        throw new TypeConversionException("expected noop, mark-complete or other (got " + value
            + ")");
      }
      return value;
    }
  }
}
