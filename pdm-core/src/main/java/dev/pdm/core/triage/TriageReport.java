package dev.pdm.core.triage;

import dev.pdm.core.pending.MergeRequestRef;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Everything triage found about a failed post-deploy migration; what it could not find is in {@code gaps}, each
 * saying what was looked for.
 *
 * @param failed         the failing migration and its error, from the job log
 * @param project        the project of the failed job
 * @param jobId          the failed job
 * @param sha            the SHA the migration ran at (pipeline or package SHA)
 * @param jobUrl         the job's page
 * @param pipelineUrl    the pipeline's page
 * @param filePath       the migration's file in the canonical project
 * @param fileUrl        the file's page at {@code sha}
 * @param classification DDL/DML and why, when the file could be read
 * @param commitSha      the commit that added the file
 * @param mergeRequest   the merge request that introduced it
 * @param author         the MR author's username
 * @param approver       the database maintainer who approved it
 * @param gaps           what could not be found
 */
public record TriageReport(FailedMigration failed, String project, long jobId, String sha, Optional<String> jobUrl,
                           Optional<String> pipelineUrl, Optional<String> filePath, Optional<String> fileUrl,
                           Optional<MigrationClassification> classification, Optional<String> commitSha,
                           Optional<MergeRequestRef> mergeRequest, Optional<String> author,
                           Optional<DatabaseApprover> approver, List<String> gaps) {

  /** Copies the gaps. */
  public TriageReport {
    gaps = List.copyOf(gaps);
  }

  /** The migration's kind, {@code UNKNOWN} when the file could not be read or says neither. */
  public MigrationKind kind() {
    return classification.map(MigrationClassification::kind).orElse(MigrationKind.UNKNOWN);
  }

  /** Usernames to ping: the author and the approver, once each. */
  public List<String> peopleToPing() {
    return Stream.concat(author.stream(), approver.map(DatabaseApprover::username).stream())
        .distinct().toList();
  }
}
