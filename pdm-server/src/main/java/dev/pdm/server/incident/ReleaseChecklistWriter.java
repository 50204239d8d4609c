package dev.pdm.server.incident;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.gitlab.IssueChanges;
import dev.pdm.core.incident.IncidentCommand;
import dev.pdm.core.incident.IncidentObservation;
import dev.pdm.core.incident.IncidentSettings;
import dev.pdm.core.incident.IncidentWorkflow;
import dev.pdm.core.incident.ReleaseChecklist;
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
import org.gitlab4j.api.models.Issue;

/**
 * The monthly release issue's checklist items of the incident workflow, one executor per command: {@link #add}
 * ({@code AddReleaseItem}: "ensure !N is in the monthly release", appended once, its line carrying a marker) and
 * {@link #tick} ({@code TickReleaseItem}: ticked on the issue it was added to once the merge request is on
 * production; an item ticked already is left alone, one somebody removed is reported, not added back).
 */
public final class ReleaseChecklistWriter {
  private final GitLabClient gitLab;
  private final PdmConfig.ReleaseIssue config;
  private final IncidentSettings settings;
  private final Clock clock;

  public ReleaseChecklistWriter(GitLabClient gitLab, PdmConfig.ReleaseIssue config, IncidentSettings settings,
      Clock clock) {
    this.gitLab = gitLab;
    this.config = config;
    this.settings = settings;
    this.clock = clock;
  }

  /** Executes {@code AddReleaseItem}. */
  public Future<Outcome> add(RunRecord record, IncidentCommand.AddReleaseItem command, Execution execution) {
    String marker = ReleaseChecklist.marker(record.run().id(), command.stageId(), command.key());
    return MonthlyReleaseIssue.find(gitLab, config)
        .compose(issue -> ReleaseChecklist.withItem(issue.getDescription(), command.line(), marker)
            .map(description -> describe(issue, Optional.of(description)).map(issue))
            .orElse(Future.succeededFuture(issue)))
        .map(issue -> written(command.stageId(), command.key(), false, issue.getWebUrl()))
        .recover(err -> refusal(command.stageId(), command.key(), err));
  }

  /** Executes {@code TickReleaseItem}. */
  public Future<Outcome> tick(RunRecord record, IncidentCommand.TickReleaseItem command, Execution execution) {
    String marker = ReleaseChecklist.marker(record.run().id(), command.stageId(), command.key());
    Optional<Long> addedTo = Optional.ofNullable(record.incidents().get(command.stageId()))
        .flatMap(workflow -> workflow.releaseItems().stream().filter(i -> i.key().equals(command.key())).findFirst())
        .flatMap(IncidentWorkflow.ReleaseItem::issueUrl).flatMap(IncidentFollower::issueNumber);
    Future<Issue> issue = addedTo.map(iid -> gitLab.issue(config.project(), iid))
        .orElseGet(() -> MonthlyReleaseIssue.find(gitLab, config));
    return issue.compose(found -> switch (ReleaseChecklist.state(found.getDescription(), marker)) {
      case MISSING -> Future.succeededFuture(refused(command.stageId(), command.key(), "the item is no longer on "
          + found.getWebUrl() + " (removed by someone?)"));
      case TICKED -> Future.succeededFuture(written(command.stageId(), command.key(), true, found.getWebUrl()));
      case UNTICKED -> describe(found, ReleaseChecklist.ticked(found.getDescription(), marker))
          .map(updated -> written(command.stageId(), command.key(), true, found.getWebUrl()));
    }).recover(err -> refusal(command.stageId(), command.key(), err));
  }

  private Future<Issue> describe(Issue issue, Optional<String> description) {
    return gitLab.updateIssue(config.project(), issue.getIid(), new IssueChanges(Optional.empty(), description,
        List.of(), List.of(), Optional.empty()));
  }

  /** GitLab refused, or there is no release issue: recorded on the item for a person; else tried again later. */
  private Future<Outcome> refusal(String stageId, String key, Throwable err) {
    return GitLabAnswers.refused(err) || err instanceof MonthlyReleaseIssue.NotFoundException
        ? Future.succeededFuture(refused(stageId, key, err.getMessage())) : Future.failedFuture(err);
  }

  private Outcome written(String stageId, String key, boolean ticked, String issueUrl) {
    JsonObject note = new JsonObject().put("type", "IncidentReleaseItem").put("stage_id", stageId)
        .put("key", key).put("ticked", ticked).put("issue_url", issueUrl);
    return new Outcome(List.of(), IncidentSteps.outcome(new IncidentObservation.ReleaseItemWritten(stageId, key,
        ticked, issueUrl, clock.instant()), settings), Optional.of(note), Optional.empty());
  }

  private Outcome refused(String stageId, String key, String why) {
    JsonObject note = new JsonObject().put("type", "IncidentReleaseItemRefused").put("stage_id", stageId)
        .put("key", key).put("error", why);
    return new Outcome(List.of(), IncidentSteps.outcome(new IncidentObservation.ReleaseItemRefused(stageId, key, why,
        clock.instant()), settings), Optional.of(note), Optional.empty());
  }
}
