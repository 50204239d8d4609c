package dev.pdm.server.orchestrator;

import dev.pdm.core.run.RunEvent;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What executing a command gave: the events to feed back to the state machine, changes to the stored record beyond
 * the run itself (a triage report), a note for the run's event log (a chat delivery), and, when the command is not
 * finished but waiting (a trigger whose answer has not come yet), when to run it again.
 */
public record Outcome(List<RunEvent> events, UnaryOperator<RunRecord> recordChange, Optional<JsonObject> note,
    Optional<Duration> again) {

  public Outcome {
    events = List.copyOf(events);
  }

  public static Outcome of(RunEvent... events) {
    return of(List.of(events));
  }

  public static Outcome of(List<RunEvent> events) {
    return new Outcome(events, r -> r, Optional.empty(), Optional.empty());
  }

  public static Outcome note(JsonObject note) {
    return new Outcome(List.of(), r -> r, Optional.of(note), Optional.empty());
  }

  /** Nothing to report: the command is done (or no longer applies). */
  public static Outcome done() {
    return of(List.of());
  }

  /** This outcome, with the command kept and run again after {@code delay} (its events are stored meanwhile). */
  public Outcome thenAgainIn(Duration delay) {
    return new Outcome(events, recordChange, note, Optional.of(delay));
  }

  /** Whether the command stays pending. */
  public boolean waits() {
    return again.isPresent();
  }
}
