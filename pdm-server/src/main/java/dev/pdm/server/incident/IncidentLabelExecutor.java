package dev.pdm.server.incident;

import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.gitlab.IssueChanges;
import dev.pdm.core.incident.IncidentCommand;
import dev.pdm.core.incident.IncidentWorkflow;
import dev.pdm.server.orchestrator.CommandExecutor;
import dev.pdm.server.orchestrator.Execution;
import dev.pdm.server.orchestrator.GitLabAnswers;
import dev.pdm.server.orchestrator.Outcome;
import dev.pdm.server.orchestrator.RunRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * {@code LabelIncident}: adds the deployment blocker label to the incident (a "blocks deployments" decision) or removes
 * it (the fix reached every environment). The incident is read first; a label already as wanted is left alone.
 */
public final class IncidentLabelExecutor implements CommandExecutor<IncidentCommand.LabelIncident> {
  private final GitLabClient gitLab;

  public IncidentLabelExecutor(GitLabClient gitLab) {
    this.gitLab = gitLab;
  }

  @Override
  public Future<Outcome> execute(RunRecord record, IncidentCommand.LabelIncident command, Execution execution) {
    IncidentWorkflow workflow = record.incidents().get(command.stageId());
    if (workflow == null) {
      return Future.succeededFuture(Outcome.done());
    }
    IncidentWorkflow.IncidentRef incident = workflow.subject().incident();
    JsonObject note = new JsonObject().put("type", "IncidentLabelled").put("stage_id", command.stageId())
        .put("label", command.label()).put("added", command.add()).put("incident_url", incident.webUrl());
    return gitLab.issue(incident.project(), incident.iid())
        .compose(issue -> {
          boolean has = issue.getLabels() != null && issue.getLabels().contains(command.label());
          if (has == command.add()) {
            return Future.succeededFuture(Outcome.note(note.put("already", true)));
          }
          List<String> label = List.of(command.label());
          return gitLab.updateIssue(incident.project(), incident.iid(), new IssueChanges(Optional.empty(),
                  Optional.empty(), command.add() ? label : List.of(), command.add() ? List.of() : label,
                  Optional.empty()))
              .map(updated -> Outcome.note(note));
        })
        .recover(err -> GitLabAnswers.refused(err)
            ? Future.succeededFuture(Outcome.note(note.put("type", "IncidentLabelRefused")
                .put("error", String.valueOf(err.getMessage()))))
            : Future.failedFuture(err));
  }
}
