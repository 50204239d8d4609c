package dev.pdm.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdm.cli.api.PdmApi;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code pdm plan RUN --stage S --kind K --reason TEXT [...]}: the mitigation plan of a failed migration. */
@Command(name = "plan", description = {"Records the mitigation plan of a failed stage, which pdm then follows: noop-mr"
    + " (a merge request makes the migration a no-op: pdm follows it into every environment, then offers a new run),"
    + " mark-complete (change requests mark a data migration complete and clean up), retry (retry is safe: the stage"
    + " is retried) or other (with --link)."})
final class PlanCommand extends DecisionCommand {
  @Option(names = "--stage", paramLabel = "STAGE", required = true, description = "The failed stage (e.g. migrate-gstg).")
  private String stageId;

  @Option(names = "--kind", paramLabel = "KIND", required = true, converter = KindConverter.class,
      description = "noop-mr, mark-complete, retry or other.")
  private String kind;

  @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why this plan.")
  private String reason;

  @Option(names = "--merge-request", paramLabel = "MR", description = "noop-mr: the no-op merge request (!123, 123 or"
      + " its URL).")
  private String mergeRequest;

  @Option(names = "--change-request", paramLabel = "CR", description = "mark-complete: the change request marking the"
      + " migration complete (#12, 12 or its URL).")
  private String changeRequest;

  @Option(names = "--cleanup-change-request", paramLabel = "CR", description = "mark-complete: the clean-up change"
      + " request (may be linked later by recording the plan again).")
  private String cleanup;

  @Option(names = "--link", paramLabel = "URL", description = "other: where the mitigation is described.")
  private String link;

  @Override
  public Integer call() {
    ObjectNode body = PdmApi.body().put("kind", kind).put("reason", reason);
    Optional.ofNullable(mergeRequest).ifPresent(v -> body.put("merge_request", v));
    Optional.ofNullable(changeRequest).ifPresent(v -> body.put("change_request", v));
    Optional.ofNullable(cleanup).ifPresent(v -> body.put("cleanup_change_request", v));
    Optional.ofNullable(link).ifPresent(v -> body.put("link", v));
    return decide(stage(stageId) + "incident/plan", body, "Plan (" + kind + ") of " + stageId);
  }

  /** Accepts exactly the server's spellings, with picocli's error listing them otherwise. */
  static final class KindConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (!java.util.List.of("noop-mr", "mark-complete", "retry", "other").contains(value)) {
        throw new TypeConversionException("expected noop-mr, mark-complete, retry or other (got " + value + ")");
      }
      return value;
    }
  }
}
