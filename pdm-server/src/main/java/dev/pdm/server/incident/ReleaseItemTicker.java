package dev.pdm.server.incident;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.gitlab.IssueChanges;
import dev.pdm.core.incident.IncidentCommand;
import dev.pdm.core.incident.IncidentSettings;
import dev.pdm.core.incident.IncidentWorkflow;
import dev.pdm.core.incident.ReleaseChecklist;
import dev.pdm.server.orchestrator.CommandExecutor;
import dev.pdm.server.orchestrator.Execution;
import dev.pdm.server.orchestrator.GitLabAnswers;
import dev.pdm.server.orchestrator.MonthlyReleaseIssue;
import dev.pdm.server.orchestrator.Outcome;
import dev.pdm.server.orchestrator.RunRecord;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.gitlab4j.api.models.Issue;

/**
 * {@code TickReleaseItem}: ticks the release checklist item once its merge request is on production, on the release
 * issue it was added to. An item ticked already is left alone; one somebody removed is reported, not added back.
 */
public final class ReleaseItemTicker implements CommandExecutor<IncidentCommand.TickReleaseItem> {
  private final GitLabClient gitLab;
  private final PdmConfig.ReleaseIssue config;
  private final IncidentSettings settings;
  private final Clock clock;

  public ReleaseItemTicker(GitLabClient gitLab, PdmConfig.ReleaseIssue config, IncidentSettings settings, Clock clock) {
    this.gitLab = gitLab;
    this.config = config;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public Future<Outcome> execute(RunRecord record, IncidentCommand.TickReleaseItem command, Execution execution) {
    String marker = ReleaseChecklist.marker(record.run().id(), command.stageId(), command.key());
    Optional<Long> addedTo = Optional.ofNullable(record.incidents().get(command.stageId()))
        .flatMap(workflow -> workflow.releaseItems().stream().filter(i -> i.key().equals(command.key())).findFirst())
        .flatMap(IncidentWorkflow.ReleaseItem::issueUrl).flatMap(IncidentFollower::issueNumber);
    Future<Issue> issue = addedTo.map(iid -> gitLab.issue(config.project(), iid))
        .orElseGet(() -> MonthlyReleaseIssue.find(gitLab, config));
    return issue.compose(found -> switch (ReleaseChecklist.state(found.getDescription(), marker)) {
      case MISSING -> Future.succeededFuture(ReleaseItemAdder.refused(command.stageId(), command.key(),
          "the item is no longer on " + found.getWebUrl() + " (removed by someone?)", settings, clock));
      case TICKED -> Future.succeededFuture(ReleaseItemAdder.written(command, true, found.getWebUrl(), settings, clock));
      case UNTICKED -> gitLab.updateIssue(config.project(), found.getIid(), new IssueChanges(Optional.empty(),
              ReleaseChecklist.ticked(found.getDescription(), marker), List.of(), List.of(), Optional.empty()))
          .map(updated -> ReleaseItemAdder.written(command, true, found.getWebUrl(), settings, clock));
    }).recover(err -> GitLabAnswers.refused(err) || err instanceof MonthlyReleaseIssue.NotFoundException
        ? Future.succeededFuture(ReleaseItemAdder.refused(command.stageId(), command.key(), err.getMessage(), settings,
            clock))
        : Future.failedFuture(err));
  }
}
