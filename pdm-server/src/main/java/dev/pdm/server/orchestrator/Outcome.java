package dev.pdm.server.orchestrator;

import dev.pdm.core.run.RunEvent;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What executing a command gave: the events to feed back to the state machine, changes to the stored record beyond
 * the run itself (a triage report), and a note for the run's event log when there is no event (a chat delivery).
 */
public record Outcome(List<RunEvent> events, UnaryOperator<RunRecord> recordChange, Optional<JsonObject> note) {

  public static Outcome of(RunEvent... events) {
    return new Outcome(List.of(events), r -> r, Optional.empty());
  }

  public static Outcome of(List<RunEvent> events) {
    return new Outcome(events, r -> r, Optional.empty());
  }

  public static Outcome note(JsonObject note) {
    return new Outcome(List.of(), r -> r, Optional.of(note));
  }
}
