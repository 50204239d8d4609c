package dev.pdm.server.incident;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.gitlab.IssueChanges;
import dev.pdm.core.incident.IncidentCommand;
import dev.pdm.core.incident.IncidentObservation;
import dev.pdm.core.incident.IncidentSettings;
import dev.pdm.core.incident.ReleaseChecklist;
import dev.pdm.server.orchestrator.CommandExecutor;
import dev.pdm.server.orchestrator.Execution;
import dev.pdm.server.orchestrator.GitLabAnswers;
import dev.pdm.server.orchestrator.MonthlyReleaseIssue;
import dev.pdm.server.orchestrator.Outcome;
import dev.pdm.server.orchestrator.RunRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * {@code AddReleaseItem}: appends "ensure !N is in the monthly release" to the monthly release issue's checklist,
 * once: the line carries a marker, and a description that has it already is left alone.
 */
public final class ReleaseItemAdder implements CommandExecutor<IncidentCommand.AddReleaseItem> {
  private final GitLabClient gitLab;
  private final PdmConfig.ReleaseIssue config;
  private final IncidentSettings settings;
  private final Clock clock;

  public ReleaseItemAdder(GitLabClient gitLab, PdmConfig.ReleaseIssue config, IncidentSettings settings, Clock clock) {
    this.gitLab = gitLab;
    this.config = config;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public Future<Outcome> execute(RunRecord record, IncidentCommand.AddReleaseItem command, Execution execution) {
    String marker = ReleaseChecklist.marker(record.run().id(), command.stageId(), command.key());
    return MonthlyReleaseIssue.find(gitLab, config)
        .compose(issue -> ReleaseChecklist.withItem(issue.getDescription(), command.line(), marker)
            .map(description -> gitLab.updateIssue(config.project(), issue.getIid(), new IssueChanges(
                Optional.empty(), Optional.of(description), List.of(), List.of(), Optional.empty())).map(issue))
            .orElse(Future.succeededFuture(issue)))
        .map(issue -> written(command, false, issue.getWebUrl(), settings, clock))
        .recover(err -> GitLabAnswers.refused(err) || err instanceof MonthlyReleaseIssue.NotFoundException
            ? Future.succeededFuture(refused(command.stageId(), command.key(), err.getMessage(), settings, clock))
            : Future.failedFuture(err));
  }

  static Outcome written(IncidentCommand command, boolean ticked, String issueUrl, IncidentSettings settings,
      Clock clock) {
    String key = command instanceof IncidentCommand.AddReleaseItem add ? add.key()
        : ((IncidentCommand.TickReleaseItem) command).key();
    JsonObject note = new JsonObject().put("type", "IncidentReleaseItem").put("stage_id", command.stageId())
        .put("key", key).put("ticked", ticked).put("issue_url", issueUrl);
    return new Outcome(List.of(), IncidentSteps.outcome(new IncidentObservation.ReleaseItemWritten(command.stageId(),
        key, ticked, issueUrl, clock.instant()), settings), Optional.of(note), Optional.empty());
  }

  static Outcome refused(String stageId, String key, String why, IncidentSettings settings, Clock clock) {
    JsonObject note = new JsonObject().put("type", "IncidentReleaseItemRefused").put("stage_id", stageId)
        .put("key", key).put("error", why);
    return new Outcome(List.of(), IncidentSteps.outcome(new IncidentObservation.ReleaseItemRefused(stageId, key, why,
        clock.instant()), settings), Optional.of(note), Optional.empty());
  }
}
