package dev.pdm.core.triage;

import dev.pdm.core.pending.MergeRequestRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The incident issue pdm proposes for a failed post-deploy migration. All GitLab text in it is neutralised: the title
 * holds identifiers only, the description puts titles, paths and errors in code spans or fences (where no line can be
 * a quick action), and the error's row data is redacted ({@link RowData}).
 *
 * @param title       a one-line title
 * @param description markdown: links, the migration, the error, the MR, people to ping, kind and mitigation
 */
public record IncidentDraft(String title, String description) {

  /** Renders the draft for {@code report}; every gap is listed, so a partial report still gives a useful draft. */
  public static IncidentDraft of(TriageReport report) {
    FailedMigration failed = report.failed();
    String title = "Post-deploy migration " + MarkdownText.identifier(failed.version()) + " "
        + MarkdownText.identifier(failed.className()) + " failed: " + MarkdownText.identifier(failed.errorClass());
    List<String> lines = new ArrayList<>();
    lines.add("## Post-deploy migration failed");
    lines.add("");
    lines.add("- **Pipeline:** " + report.pipelineUrl().map(url -> MarkdownText.link("pipeline", url))
        .orElse("unknown"));
    lines.add("- **Job:** " + report.jobUrl().map(url -> MarkdownText.link("job " + report.jobId(), url))
        .orElse("job " + report.jobId() + " in " + MarkdownText.code(report.project())));
    lines.add("- **Migration:** " + MarkdownText.code(failed.version()) + " " + MarkdownText.code(failed.className()));
    lines.add("- **File:** " + report.filePath().map(path -> report.fileUrl()
        .map(url -> MarkdownText.link(MarkdownText.code(path), url)).orElse(MarkdownText.code(path)))
        .orElse("not found") + " at " + MarkdownText.code(report.sha()));
    lines.add("- **Added by commit:** " + report.commitSha().map(MarkdownText::code).orElse("not found"));
    lines.add("- **Merge request:** " + report.mergeRequest().map(IncidentDraft::mergeRequest).orElse("not found"));
    lines.add("- **Author:** " + report.author().map(MarkdownText::mention).orElse("not found"));
    lines.add("- **Database maintainer:** " + report.approver().map(IncidentDraft::approver).orElse("not found"));
    lines.add("- **Kind:** " + kind(report));
    lines.add("");
    lines.add("### Error");
    lines.add("");
    lines.add(MarkdownText.block(RowData.redact(Objects.toString(failed.errorClass(), "unknown") + ": "
        + Objects.toString(failed.errorMessage(), "unknown"))));
    lines.add("");
    lines.add("### Suggested mitigation");
    lines.add("");
    lines.add(report.classification().map(MigrationClassification::suggestedMitigation)
        .orElse(MigrationKind.UNKNOWN.suggestedMitigation()));
    lines.add("pdm never retries a failed post-deploy migration by itself.");
    if (!report.gaps().isEmpty()) {
      lines.add("");
      lines.add("### Not found");
      lines.add("");
      report.gaps().forEach(gap -> lines.add("- " + MarkdownText.code(gap)));
    }
    if (!report.peopleToPing().isEmpty()) {
      lines.add("");
      lines.add("/cc " + report.peopleToPing().stream().map(MarkdownText::mention).collect(Collectors.joining(" ")));
    }
    return new IncidentDraft(title, String.join("\n", lines) + "\n");
  }

  private static String mergeRequest(MergeRequestRef mr) {
    return MarkdownText.link("!" + mr.iid(), mr.webUrl()) + " " + MarkdownText.code(mr.title());
  }

  private static String approver(DatabaseApprover approver) {
    return MarkdownText.mention(approver.username()) + (approver.how() == DatabaseApprover.How.APPROVED
        ? " (approved the merge request)" : " (added the database approval label)");
  }

  private static String kind(TriageReport report) {
    return report.classification()
        .map(c -> c.kind() + (c.evidence().isEmpty() ? "" : " (" + c.evidence().stream()
            .map(e -> MarkdownText.code(e.call()) + " line " + e.line()).collect(Collectors.joining(", ")) + ")"))
        .orElse("UNKNOWN (the file could not be read)");
  }
}
