package dev.pdm.server.orchestrator;

import dev.pdm.core.run.Decision;
import dev.pdm.core.run.RunEvent;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One change to a stored run, computed from the run as stored: the state machine's events, a change to the record
 * beside the run (an incident workflow), notes for the run's event log, commands for the outbox that are not the state
 * machine's (the incident workflow's), or the rejection of a person's request.
 *
 * @param commands {@code dev.pdm.core.run.Command}s or {@code dev.pdm.core.incident.IncidentCommand}s, in order
 */
public record RunStep(List<RunEvent> events, UnaryOperator<RunRecord> change, List<JsonObject> notes,
    List<Object> commands, Optional<Decision.Rejected> rejected) {

  public RunStep {
    events = List.copyOf(events);
    notes = List.copyOf(notes);
    commands = List.copyOf(commands);
  }

  /** A request refused: nothing is stored. */
  public static RunStep rejected(Decision.Rejected rejection) {
    return new RunStep(List.of(), r -> r, List.of(), List.of(), Optional.of(rejection));
  }

  /** Nothing to store. */
  public static RunStep nothing() {
    return new RunStep(List.of(), r -> r, List.of(), List.of(), Optional.empty());
  }
}
