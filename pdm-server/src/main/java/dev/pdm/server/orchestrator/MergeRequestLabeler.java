package dev.pdm.server.orchestrator;

import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.pending.MergeRequestRef;
import dev.pdm.core.pending.PendingMigration;
import dev.pdm.core.pending.PendingReport;
import dev.pdm.core.run.Command;
import dev.pdm.core.run.RunEvent;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code LabelMergeRequests}: adds {@code workflow::post-deploy-db-<label>} to every merge request whose migration was
 * pending on the environment when the run started. Adding a label twice changes nothing, so a retry is safe.
 */
public final class MergeRequestLabeler implements CommandExecutor<Command.LabelMergeRequests> {
  private final GitLabClient gitLab;
  private final PlanLayout plan;
  private final Clock clock;

  public MergeRequestLabeler(GitLabClient gitLab, PlanLayout plan, Clock clock) {
    this.gitLab = gitLab;
    this.plan = plan;
    this.clock = clock;
  }

  /** The label that says an MR's post-deploy migrations ran on {@code environment}. */
  public String label(String environment) {
    return "workflow::post-deploy-db-" + plan.environment(environment).workflowLabel();
  }

  @Override
  public Future<Outcome> execute(RunRecord record, Command.LabelMergeRequests command, Execution execution) {
    String project = plan.config().projects().canonical();
    String label = label(command.environment());
    List<Long> iids = Optional.ofNullable(record.pending().get(command.environment()))
        .map(PendingReport::migrations).orElse(List.of()).stream()
        .map(PendingMigration::mergeRequest).flatMap(Optional::stream).map(MergeRequestRef::iid)
        .distinct().toList();
    Future<Void> chain = Future.succeededFuture();
    for (long iid : iids) {
      chain = chain.compose(v -> gitLab.updateMergeRequestLabels(project, iid, List.of(label), List.of()).mapEmpty());
    }
    String detail = iids.isEmpty() ? "no merge request to label"
        : "labelled " + iids.stream().map(i -> "!" + i).collect(Collectors.joining(", ")) + " with " + label;
    return chain
        .map(v -> Outcome.of(new RunEvent.RecordStepCompleted(command.stageId(), command.step(), command.attempt(),
            true, detail, clock.instant())))
        .recover(err -> GitLabAnswers.refused(err)
            ? Future.succeededFuture(GitLabAnswers.failed(command, err, clock))
            : Future.failedFuture(err));
  }
}
