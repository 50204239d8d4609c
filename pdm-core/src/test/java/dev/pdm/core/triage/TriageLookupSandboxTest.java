package dev.pdm.core.triage;

import static dev.pdm.core.testing.SandboxedGitLab.CANONICAL;
import static dev.pdm.core.testing.SandboxedGitLab.DATABASE_MAINTAINERS;
import static dev.pdm.core.testing.SandboxedGitLab.DEPLOYER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.testing.SandboxedGitLab;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Function;
import org.gitlab4j.api.models.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class TriageLookupSandboxTest {

  private static TriageLookup lookup(Vertx vertx, SandboxedGitLab gitLab) {
    return new TriageLookup(vertx, gitLab.client(), CANONICAL, DATABASE_MAINTAINERS, "database::approved");
  }

  private static Future<TriageReport> triage(Vertx vertx, String scenario,
                                             Function<SandboxedGitLab, Future<TriageReport>> steps) {
    return SandboxedGitLab.start(vertx, scenario).compose(gitLab -> steps.apply(gitLab).eventually(gitLab::close));
  }

  /** Triages {@code failed} as if job 424242 (which does not exist) had failed on gprd's package in {@code happy}. */
  private static Future<TriageReport> triageOnGprd(Vertx vertx, FailedMigration failed) {
    return triage(vertx, "happy", gitLab -> packageSha(gitLab, "gprd")
        .compose(sha -> lookup(vertx, gitLab).lookup(DEPLOYER, 424242, sha, failed)));
  }

  private static Future<String> packageSha(SandboxedGitLab gitLab, String environment) {
    return gitLab.client().lastSuccessfulDeployment(CANONICAL, environment).map(d -> d.orElseThrow().getSha());
  }

  /** Runs the gstg migration pipeline to its end and parses the failed job's log, as the orchestrator would. */
  private static Future<TriageReport> triageTheFailedStagingJob(Vertx vertx, SandboxedGitLab gitLab) {
    return gitLab.client().createPipeline(DEPLOYER, "master",
            Map.of("DEPLOY_ENVIRONMENT", "gstg", "PDM_RUN", "run-1-gstg"))
        .compose(pipeline -> gitLab.sandbox().clock().runUntilIdle()
            .compose(idle -> gitLab.client().pipelineJobs(DEPLOYER, pipeline.getId())
                .first(job -> job.getName().equals("gstg-postdeploy-migrations"))))
        .map(job -> job.orElseThrow())
        .compose(job -> gitLab.client().jobTrace(DEPLOYER, job.getId(), 0)
            .map(trace -> Map.entry(job, parse(trace.text()).failed().orElseThrow())))
        .compose(failure -> packageSha(gitLab, "gstg").compose(sha -> {
          Job job = failure.getKey();
          return lookup(vertx, gitLab).lookup(DEPLOYER, job.getId(), sha, failure.getValue());
        }));
  }

  private static MigrationLog parse(String trace) {
    try {
      return JobLogParser.parse(new StringReader(trace));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void namesTheMigrationErrorFileMergeRequestAuthorAndApprovingDatabaseMaintainerOfTheFailedStagingJob(
      Vertx vertx, VertxTestContext context) {
    triage(vertx, "staging-migration-fails", gitLab -> triageTheFailedStagingJob(vertx, gitLab))
        .onComplete(context.succeeding(report -> context.verify(() -> {
          assertThat(report.failed().version()).isEqualTo("20241106150244");
          assertThat(report.failed().className()).isEqualTo("CreateCiJobTokenAuthorizationsArchive");
          assertThat(report.failed().errorClass()).isEqualTo("PG::DuplicateTable");
          assertThat(report.failed().errorMessage()).contains("relation \"ci_job_token_authorizations_archive\" already exists");
          assertThat(report.filePath()).contains("db/post_migrate/20241106150244_create_ci_job_token_authorizations_archive.rb");
          assertThat(report.mergeRequest().orElseThrow().iid()).isEqualTo(171204L);
          assertThat(report.author()).contains("bruno-costa");
          assertThat(report.approver()).contains(new DatabaseApprover("dana-okafor", DatabaseApprover.How.APPROVED));
          assertThat(report.classification().orElseThrow().evidence()).extracting(KindEvidence::call)
              .contains("create_table", "add_index");
          assertThat(report.jobUrl().orElseThrow()).contains("/gitlab-com/gl-infra/deployer/-/jobs/");
          assertThat(report.pipelineUrl().orElseThrow()).contains("/gitlab-com/gl-infra/deployer/-/pipelines/");
          assertThat(report.gaps()).isEmpty();

          IncidentDraft draft = IncidentDraft.of(report);
          assertThat(draft.title()).isEqualTo("Post-deploy migration 20241106150244 CreateCiJobTokenAuthorizationsArchive"
              + " failed: PG::DuplicateTable");
          assertThat(draft.description()).contains("[!171204](").contains("/cc @bruno-costa @dana-okafor")
              .contains(report.classification().orElseThrow().suggestedMitigation());
          context.completeNow();
        })));
  }

  @Test
  void namesWhoAddedTheApprovalLabelWhenNoApproverIsADatabaseMaintainer(Vertx vertx, VertxTestContext context) {
    FailedMigration failed = new FailedMigration("20241107101010", "RemoveMergeRequestsMergeJidLegacy",
        "PG::LockNotAvailable", "ERROR:  canceling statement due to lock timeout");
    triageOnGprd(vertx, failed)
        .onComplete(context.succeeding(report -> context.verify(() -> {
          assertThat(report.author()).contains("alice-nguyen");
          assertThat(report.approver()).contains(new DatabaseApprover("chen-wei", DatabaseApprover.How.ADDED_LABEL));
          assertThat(report.gaps()).singleElement().asString().startsWith("job 424242 in gitlab-com/gl-infra/deployer"
              + " could not be read: GET /projects/gitlab-com%2Fgl-infra%2Fdeployer/jobs/424242 failed: HTTP 404");
          assertThat(IncidentDraft.of(report).description()).contains("**Pipeline:** unknown")
              .contains("@chen-wei (added the database approval label)");
          context.completeNow();
        })));
  }

  @Test
  void aHostileMergeRequestTitleStaysInertInTheDraft(Vertx vertx, VertxTestContext context) {
    FailedMigration failed = new FailedMigration("20241108120000", "QueueBackfillIssueLinksNamespaceId",
        "ActiveRecord::QueryCanceled", "PG::QueryCanceled: ERROR:  canceling statement due to statement timeout");
    triageOnGprd(vertx, failed)
        .onComplete(context.succeeding(report -> context.verify(() -> {
          assertThat(report.kind()).isEqualTo(MigrationKind.DML);
          assertThat(IncidentDraft.of(report).description())
              .contains("`Reset legacy open source license flag <img src=x onerror=alert(1)> and queue issue_links"
                  + " namespace backfill`")
              .contains(MigrationKind.DML.suggestedMitigation());
          context.completeNow();
        })));
  }

  @Test
  void aMigrationWhoseFileCannotBeFoundStillGivesADraftSayingWhatWasLookedFor(Vertx vertx,
                                                                               VertxTestContext context) {
    FailedMigration failed = new FailedMigration("20990101000000", "NoSuchMigration", "StandardError", "boom");
    triageOnGprd(vertx, failed)
        .onComplete(context.succeeding(report -> context.verify(() -> {
          assertThat(report.filePath()).isEmpty();
          assertThat(report.mergeRequest()).isEmpty();
          assertThat(report.gaps()).anySatisfy(gap -> assertThat(gap)
              .contains("db/post_migrate/20990101000000_*.rb at " + report.sha() + " in gitlab-org/gitlab"));
          assertThat(IncidentDraft.of(report).description()).contains("**File:** not found")
              .contains("**Merge request:** not found");
          context.completeNow();
        })));
  }

  @Test
  void findsTheApproverByLabelWhenGitLabFailsToListApprovals(Vertx vertx, VertxTestContext context) {
    FailedMigration failed = new FailedMigration("20241106150244", "CreateCiJobTokenAuthorizationsArchive",
        "PG::DuplicateTable", "ERROR:  relation already exists");
    triage(vertx, "happy", gitLab -> {
      gitLab.fault("GET", "/merge_requests/\\d+/approvals$", 503, 10, null, null);
      return packageSha(gitLab, "gstg").compose(sha -> lookup(vertx, gitLab).lookup(DEPLOYER, 424242, sha, failed));
    }).onComplete(context.succeeding(report -> context.verify(() -> {
      assertThat(report.approver()).contains(new DatabaseApprover("dana-okafor", DatabaseApprover.How.ADDED_LABEL));
      assertThat(report.gaps()).anySatisfy(gap -> assertThat(gap).startsWith("the approvals of !171204 could not be read:")
          .contains("HTTP 503"));
      context.completeNow();
    })));
  }
}
