package dev.pdm.server.orchestrator;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.pending.PendingMigration;
import dev.pdm.core.pending.PendingReport;
import dev.pdm.core.run.Attempt;
import dev.pdm.core.run.Command;
import dev.pdm.core.run.DeployedPackage;
import dev.pdm.core.run.DeploymentProject;
import dev.pdm.core.run.FollowedPipeline;
import dev.pdm.core.run.RunEvent;
import dev.pdm.core.run.Stage;
import dev.pdm.core.triage.RowData;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * {@code CommentOnReleaseIssue}: a note on the monthly release issue saying which migrations ran where, from which
 * package and pipeline. The note carries a marker and is looked for first, so a retry never comments twice.
 */
public final class ReleaseIssueCommenter implements CommandExecutor<Command.CommentOnReleaseIssue> {
  private final GitLabClient gitLab;
  private final PlanLayout plan;
  private final Clock clock;

  public ReleaseIssueCommenter(GitLabClient gitLab, PlanLayout plan, Clock clock) {
    this.gitLab = gitLab;
    this.plan = plan;
    this.clock = clock;
  }

  @Override
  public Future<Outcome> execute(RunRecord record, Command.CommentOnReleaseIssue command, Execution execution) {
    PdmConfig.ReleaseIssue config = plan.config().releaseIssue();
    String marker = "pdm-run:" + record.run().id() + ":" + command.stageId();
    // Only identifiers go in, but a package ref is GitLab's text: nothing pdm writes to GitLab carries row data.
    return MonthlyReleaseIssue.find(gitLab, config)
        .compose(issue -> MarkedNotes.postOnce(gitLab, config.project(), issue.getIid(),
            RowData.redact(body(record, command)), marker).map(issue))
        .map(issue -> Outcome.of(new RunEvent.RecordStepCompleted(command.stageId(), command.step(),
            command.attempt(), true, "commented on " + issue.getWebUrl(), clock.instant())))
        .recover(err -> GitLabAnswers.refused(err) || err instanceof MonthlyReleaseIssue.NotFoundException
            ? Future.succeededFuture(GitLabAnswers.failed(command, err, clock))
            : Future.failedFuture(err));
  }

  private String body(RunRecord record, Command.CommentOnReleaseIssue command) {
    List<PendingMigration> migrations = Optional.ofNullable(record.pending().get(command.environment()))
        .map(PendingReport::migrations).orElse(List.of());
    String pkg = record.run().packageSnapshot().find(command.environment(), DeploymentProject.CANONICAL)
        .map(DeployedPackage::ref).orElse(command.sha());
    String pipeline = record.run().stage(command.stageId()).flatMap(Stage::currentAttempt)
        .flatMap(Attempt::pipeline).map(FollowedPipeline::webUrl).orElse("(unknown)");
    StringBuilder text = new StringBuilder()
        .append("Post-deploy migrations ran on `").append(command.environment()).append("`.\n\n")
        .append("- Package: `").append(pkg).append("` (`").append(command.sha()).append("`)\n")
        .append("- Pipeline: ").append(pipeline).append("\n")
        .append("- Migrations (").append(migrations.size()).append("):\n");
    for (PendingMigration m : migrations) {
      text.append("  - `").append(m.file().version()).append("` `").append(m.file().className()).append("`");
      m.mergeRequest().ifPresent(mr -> text.append(" (!").append(mr.iid()).append(")"));
      text.append("\n");
    }
    return text.toString();
  }
}
