package dev.pdm.server.incident;

import dev.pdm.core.incident.IncidentDecision;
import dev.pdm.core.incident.IncidentObservation;
import dev.pdm.core.incident.IncidentRequest;
import dev.pdm.core.incident.IncidentSettings;
import dev.pdm.core.incident.IncidentWorkflow;
import dev.pdm.core.incident.IncidentWorkflows;
import dev.pdm.core.incident.WorkflowEntry;
import dev.pdm.core.run.Decision;
import dev.pdm.core.run.RunEvent;
import dev.pdm.server.orchestrator.RunJson;
import dev.pdm.server.orchestrator.RunRecord;
import dev.pdm.server.orchestrator.RunStep;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Turns the workflow's decisions into stored changes of the run: the workflow beside the run, one
 * {@code IncidentWorkflow} note in the run's event log per timeline entry, and the commands for the outbox.
 */
public final class IncidentSteps {
  private IncidentSteps() {
  }

  /** A person's request on the stage's workflow, with state machine events to apply with it (a retry plan). */
  public static RunStep request(RunRecord record, IncidentRequest request, List<RunEvent> events,
      IncidentSettings settings) {
    IncidentWorkflow workflow = record.incidents().get(request.stageId());
    if (workflow == null) {
      return RunStep.rejected(new Decision.Rejected(record.run().stage(request.stageId()).isEmpty()
          ? Decision.Rejected.Cause.INVALID_REQUEST : Decision.Rejected.Cause.CONFLICT, noWorkflow(record,
          request.stageId())));
    }
    return step(request.stageId(), IncidentWorkflows.decide(workflow, request, settings), events);
  }

  /** What pdm observed about the stage's workflow; nothing when there is none (any more). */
  public static RunStep observation(RunRecord record, IncidentObservation observation, IncidentSettings settings) {
    IncidentWorkflow workflow = record.incidents().get(observation.stageId());
    return workflow == null ? RunStep.nothing()
        : step(observation.stageId(), IncidentWorkflows.observe(workflow, observation, settings), List.of());
  }

  /** The record with the observation applied, for an executor's outcome stored with its command. */
  public static UnaryOperator<RunRecord> outcome(IncidentObservation observation, IncidentSettings settings) {
    return record -> Optional.ofNullable(record.incidents().get(observation.stageId()))
        .map(workflow -> IncidentWorkflows.observe(workflow, observation, settings))
        .filter(IncidentDecision.Changed.class::isInstance)
        .map(changed -> record.withIncident(observation.stageId(), ((IncidentDecision.Changed) changed).workflow()))
        .orElse(record);
  }

  /** A new workflow for the stage. */
  public static RunStep started(String stageId, IncidentWorkflow workflow) {
    return new RunStep(List.of(), r -> r.incidents().containsKey(stageId) ? r : r.withIncident(stageId, workflow),
        List.of(note(stageId, workflow.timeline().get(0), workflow)), List.of(), Optional.empty());
  }

  /** Why a stage has no workflow, for a 400 or 409. */
  public static String noWorkflow(RunRecord record, String stageId) {
    if (record.run().stage(stageId).isEmpty()) {
      return "stage: expected one of the run's stages " + record.run().stages().stream().map(s -> s.id()).toList()
          + " (got " + stageId + ")";
    }
    return "stage " + stageId + " has no incident workflow: it starts once a failed migration's triage has opened an"
        + " incident (got stage " + stageId + ", which has " + (record.triage().containsKey(stageId)
        ? "no incident in GitLab" : "no triaged failure") + ")";
  }

  private static RunStep step(String stageId, IncidentDecision decision, List<RunEvent> events) {
    if (decision instanceof IncidentDecision.Rejected rejected) {
      return RunStep.rejected(new Decision.Rejected(rejected.cause(), rejected.reason()));
    }
    if (decision instanceof IncidentDecision.Unchanged) {
      return new RunStep(events, r -> r, List.of(), List.of(), Optional.empty());
    }
    IncidentDecision.Changed changed = (IncidentDecision.Changed) decision;
    List<JsonObject> notes = new ArrayList<>();
    changed.entries().forEach(entry -> notes.add(note(stageId, entry, changed.workflow())));
    if (notes.isEmpty()) {
      notes.add(new JsonObject().put("type", "IncidentWorkflow").put("stage_id", stageId)
          .put("open_items", new JsonArray(changed.workflow().openItems())));
    }
    return new RunStep(events, r -> r.withIncident(stageId, changed.workflow()), notes,
        List.copyOf(changed.commands()), Optional.empty());
  }

  private static JsonObject note(String stageId, WorkflowEntry entry, IncidentWorkflow workflow) {
    return new JsonObject().put("type", "IncidentWorkflow").put("stage_id", stageId).put("entry", RunJson.toJson(entry))
        .put("open_items", new JsonArray(workflow.openItems()));
  }
}
