package dev.pdm.server.incident;

import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.incident.IncidentCommand;
import dev.pdm.core.incident.IncidentObservation;
import dev.pdm.core.incident.IncidentSettings;
import dev.pdm.core.incident.IncidentWorkflow;
import dev.pdm.core.triage.MarkdownText;
import dev.pdm.core.triage.RowData;
import dev.pdm.server.orchestrator.CommandExecutor;
import dev.pdm.server.orchestrator.Execution;
import dev.pdm.server.orchestrator.GitLabAnswers;
import dev.pdm.server.orchestrator.MarkedNotes;
import dev.pdm.server.orchestrator.NotifyExecutor;
import dev.pdm.server.orchestrator.Outcome;
import dev.pdm.server.orchestrator.RunRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code NoteOnIncident}: one timeline entry's note on the incident, once. Its marker names the run, the stage and the
 * entry; the incident's notes are searched for it before posting, so a command run again (after a crash, a lost
 * answer, a replica taking over) never posts it twice.
 */
public final class IncidentNoteExecutor implements CommandExecutor<IncidentCommand.NoteOnIncident> {
  private final GitLabClient gitLab;
  private final IncidentSettings settings;
  private final Supplier<String> pdmUrl;
  private final Clock clock;

  public IncidentNoteExecutor(GitLabClient gitLab, IncidentSettings settings, Supplier<String> pdmUrl, Clock clock) {
    this.gitLab = gitLab;
    this.settings = settings;
    this.pdmUrl = pdmUrl;
    this.clock = clock;
  }

  /** The marker of the note of entry {@code entry} of the workflow of {@code runId}'s {@code stageId}. */
  public static String marker(String runId, String stageId, int entry) {
    return "pdm-incident-note:" + runId + ":" + stageId + ":" + entry;
  }

  @Override
  public Future<Outcome> execute(RunRecord record, IncidentCommand.NoteOnIncident command, Execution execution) {
    IncidentWorkflow workflow = record.incidents().get(command.stageId());
    if (workflow == null) {
      return Future.succeededFuture(Outcome.done());
    }
    String runId = record.run().id();
    IncidentWorkflow.IncidentRef incident = workflow.subject().incident();
    // A hand-over summary quotes the error: nothing pdm writes to GitLab carries row data.
    String body = RowData.redact(command.body()) + "\n\n" + MarkdownText.link("pdm run " + runId.substring(0, 8),
        NotifyExecutor.runUrl(pdmUrl.get(), runId));
    JsonObject note = new JsonObject().put("type", "IncidentNotePosted").put("stage_id", command.stageId())
        .put("entry", command.entry()).put("incident_url", incident.webUrl());
    return MarkedNotes.postOnce(gitLab, incident.project(), incident.iid(), body,
            marker(runId, command.stageId(), command.entry()))
        .map(posted -> new Outcome(List.of(), IncidentSteps.outcome(new IncidentObservation.NotePosted(
            command.stageId(), command.entry(), clock.instant()), settings), Optional.of(note), Optional.empty()))
        .recover(err -> GitLabAnswers.refused(err)
            ? Future.succeededFuture(new Outcome(List.of(), IncidentSteps.outcome(new IncidentObservation.NoteRefused(
                command.stageId(), command.entry(), String.valueOf(err.getMessage()), clock.instant()), settings),
                Optional.of(note.put("type", "IncidentNoteRefused").put("error", String.valueOf(err.getMessage()))),
                Optional.empty()))
            : Future.failedFuture(err));
  }
}
