package dev.pdm.core.triage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.pending.MergeRequestRef;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IncidentDraftTest {

  private static final FailedMigration FAILED = new FailedMigration("20240101000000", "AddIndexOnUsersEmail",
      "PG::DuplicateTable", "ERROR:  relation \"index_users_on_email\" already exists");
  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  private static TriageReport report(String mrTitle, String author, MigrationClassification classification) {
    return report(FAILED, mrTitle, author, classification);
  }

  private static TriageReport report(FailedMigration failed, String mrTitle, String author,
      MigrationClassification classification) {
    return new TriageReport(failed, "gitlab-org/gitlab", 77, SHA,
        Optional.of("https://gitlab.example.com/gitlab-org/gitlab/-/jobs/77"),
        Optional.of("https://gitlab.example.com/gitlab-org/gitlab/-/pipelines/9"),
        Optional.of("db/post_migrate/20240101000000_add_index_on_users_email.rb"),
        Optional.of("https://gitlab.example.com/gitlab-org/gitlab/-/blob/" + SHA
            + "/db/post_migrate/20240101000000_add_index_on_users_email.rb"),
        Optional.of(classification), Optional.of("feedbeef"),
        Optional.of(new MergeRequestRef(42, mrTitle, "https://gitlab.example.com/gitlab-org/gitlab/-/merge_requests/42",
            Optional.of(author), Optional.of("cafe"))),
        Optional.of(author), Optional.of(new DatabaseApprover("db-maintainer", DatabaseApprover.How.APPROVED)),
        List.of());
  }

  private static final MigrationClassification DDL = new MigrationClassification(MigrationKind.DDL,
      List.of(new KindEvidence(MigrationKind.DDL, "add_concurrent_index", 9)));

  @Test
  void namesTheMigrationTheErrorTheLinksTheMergeRequestAndThePeople() {
    IncidentDraft draft = IncidentDraft.of(report("Add an index on users.email", "alice", DDL));

    assertThat(draft.title())
        .isEqualTo("Post-deploy migration 20240101000000 AddIndexOnUsersEmail failed: PG::DuplicateTable");
    assertThat(draft.description())
        .contains("[pipeline](https://gitlab.example.com/gitlab-org/gitlab/-/pipelines/9)")
        .contains("[job 77](https://gitlab.example.com/gitlab-org/gitlab/-/jobs/77)")
        .contains("`20240101000000` `AddIndexOnUsersEmail`")
        .contains("`db/post_migrate/20240101000000_add_index_on_users_email.rb`")
        .contains("[!42](https://gitlab.example.com/gitlab-org/gitlab/-/merge_requests/42) `Add an index on users.email`")
        .contains("**Author:** @alice")
        .contains("@db-maintainer (approved the merge request)")
        .contains("```text\nPG::DuplicateTable: ERROR:  relation \"index_users_on_email\" already exists\n```")
        .contains("DDL (`add_concurrent_index` line 9)")
        .contains(MigrationKind.DDL.suggestedMitigation())
        .contains("/cc @alice @db-maintainer");
  }

  @Test
  void anErrorCannotStartALineWithAQuickActionEvenByClosingTheCodeBlock() {
    FailedMigration hostile = new FailedMigration("20240101000000", "AddIndexOnUsersEmail", "PG::Error",
        "boom\n```\n/label ~\"severity::4\"\n/close\n  /assign @mallory\n```\n/unassign @alice");

    String description = IncidentDraft.of(report(hostile, "t", "alice", DDL)).description();

    assertThat(description.lines().filter(line -> line.startsWith("/")))
        .containsExactly("/cc @alice @db-maintainer");
    assertThat(description).contains(" /label ~\"severity::4\"", " /close", " /unassign @alice");
  }

  @Test
  void theIncidentKeepsTheConstraintButNotTheRowData() {
    FailedMigration unique = new FailedMigration("20240101000000", "AddIndexOnUsersEmail", "PG::UniqueViolation",
        "ERROR:  could not create unique index \"index_users_on_email\"\nDETAIL:  Key (email)=(ceo@example.com) is"
            + " duplicated.");

    String description = IncidentDraft.of(report(unique, "t", "alice", DDL)).description();

    assertThat(description).contains("index_users_on_email", "DETAIL:  Key (email)=([redacted]) is duplicated.")
        .doesNotContain("ceo@example.com");
  }

  @Test
  void suggestsTheDataMitigationForADmlMigration() {
    IncidentDraft draft = IncidentDraft.of(report("Backfill", "alice",
        new MigrationClassification(MigrationKind.DML, List.of())));

    assertThat(draft.description()).contains(MigrationKind.DML.suggestedMitigation())
        .doesNotContain(MigrationKind.DDL.suggestedMitigation());
  }

  @Test
  void aHostileMergeRequestTitleCannotInjectMarkupOrMentions() {
    String hostile = "x` @everyone [click](https://evil.example) <img src=x> ``` \n# Heading";

    String description = IncidentDraft.of(report(hostile, "alice", DDL)).description();

    assertThat(description).contains("````x` @everyone [click](https://evil.example) <img src=x> ```  # Heading````")
        .doesNotContain("\n# Heading");
  }

  @Test
  void aUsernameThatIsNotAGitLabUsernameIsNotMentioned() {
    String description = IncidentDraft.of(report("t", "bob @all", DDL)).description();

    assertThat(description).contains("**Author:** `bob @all`").doesNotContain("@bob");
  }

  @Test
  void anErrorMessageWithFencesStaysInsideItsBlock() {
    FailedMigration sneaky = new FailedMigration("20240101000000", "AddIndexOnUsersEmail", "StandardError",
        "boom\n```\n@everyone");
    TriageReport base = report("t", "alice", DDL);
    TriageReport report = new TriageReport(sneaky, base.project(), base.jobId(), base.sha(), base.jobUrl(),
        base.pipelineUrl(), base.filePath(), base.fileUrl(), base.classification(), base.commitSha(),
        base.mergeRequest(), base.author(), base.approver(), base.gaps());

    assertThat(IncidentDraft.of(report).description()).contains("````text\nStandardError: boom\n```\n@everyone\n````");
  }

  @Test
  void aReportWithNothingFoundStillGivesADraftSayingWhatWasLookedFor() {
    TriageReport empty = new TriageReport(FAILED, "gitlab-org/gitlab", 77, SHA, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), List.of("no file db/post_migrate/20240101000000_*.rb at " + SHA + " in gitlab-org/gitlab"));

    IncidentDraft draft = IncidentDraft.of(empty);

    assertThat(draft.description())
        .contains("**Merge request:** not found")
        .contains("UNKNOWN (the file could not be read)")
        .contains(MigrationKind.UNKNOWN.suggestedMitigation())
        .contains("- `no file db/post_migrate/20240101000000_*.rb at " + SHA + " in gitlab-org/gitlab`")
        .doesNotContain("/cc");
  }

  @Test
  void aFailureTheLogCouldNotNameFullyStillRenders() {
    TriageReport vague = new TriageReport(new FailedMigration("20240101000000", null, null, null), "gitlab-org/gitlab",
        77, SHA, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());

    IncidentDraft draft = IncidentDraft.of(vague);

    assertThat(draft.title()).isEqualTo("Post-deploy migration 20240101000000 unknown failed: unknown");
    assertThat(draft.description()).contains("`20240101000000` `unknown`").contains("```text\nunknown: unknown\n```");
  }
}
