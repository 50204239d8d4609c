package dev.pdm.server.orchestrator;

import dev.pdm.core.run.Attempt;
import dev.pdm.core.run.Command;
import dev.pdm.core.run.Decision;
import dev.pdm.core.run.FollowedPipeline;
import dev.pdm.core.run.Run;
import dev.pdm.core.run.RunEvent;
import dev.pdm.core.run.RunStateMachine;
import dev.pdm.core.run.StageStatus;
import dev.pdm.server.store.AuditEntry;
import dev.pdm.server.store.NewEvent;
import dev.pdm.server.store.PendingCommand;
import dev.pdm.server.store.RunChange;
import dev.pdm.server.store.RunLeases;
import dev.pdm.server.store.RunStore;
import dev.pdm.server.store.StaleRunException;
import dev.pdm.server.store.StoredRun;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Applies events to a stored run through the state machine and stores the result as one transition: the new state,
 * an event-log entry per event that changed something (what it changed, not the whole run), the commands asked for,
 * notes and audit. A transition computed
 * from a state that changed meanwhile is computed again from the new one.
 */
final class RunTransitions {
  private static final int MAX_STALE_RETRIES = 20;
  private final RunStore store;
  private final OrchestratorObserver observer;
  private final RunStateMachine machine = new RunStateMachine();

  RunTransitions(RunStore store, OrchestratorObserver observer) {
    this.store = store;
    this.observer = observer;
  }

  RunStateMachine machine() {
    return machine;
  }

  /** How a transition is written: as anyone may (an observation, a person's decision), or on a lease's behalf. */
  sealed interface Write {
    /** Unfenced: observations and people's decisions, serialized by the run's sequence number alone. */
    record Open() implements Write {
    }

    /** Under a replica's claim on the run: refused once the claim no longer holds. */
    record Fenced(RunLeases.Claim claim) implements Write {
    }

    /** A command's outcome, stored with the command settled, under the claim. */
    record Completing(PendingCommand command, RunLeases.Claim claim, boolean failed, String outcome) implements Write {
    }
  }

  /** What a transition did: the decision on the first event, and the run as stored afterwards (or as it was). */
  record Applied(Decision decision, RunRecord record, List<Command> commands, boolean queued) {
  }

  Future<Optional<Orchestrator.Loaded>> load(UUID runId) {
    return store.get(runId).map(found -> found.map(Orchestrator.Loaded::of));
  }

  /**
   * Applies {@code events} in order ({@code extra} changes the record with the first one); an operator request the
   * machine rejects is answered and nothing is stored.
   */
  Future<Applied> apply(UUID runId, List<RunEvent> events, UnaryOperator<RunRecord> extra, List<JsonObject> notes,
      Optional<AuditEntry> audit, Write write) {
    return apply(runId, events, extra, notes, audit, write, Optional.empty());
  }

  /** As above, computed first from {@code known} (the run as the caller just loaded it) rather than loading it again. */
  Future<Applied> apply(UUID runId, List<RunEvent> events, UnaryOperator<RunRecord> extra, List<JsonObject> notes,
      Optional<AuditEntry> audit, Write write, Optional<Orchestrator.Loaded> known) {
    return apply(runId, record -> new RunStep(events, extra, notes, List.of(), Optional.empty()), audit, write, known,
        0);
  }

  /**
   * Applies the step computed from the record as stored, computed again from the new record when the run changed
   * meanwhile: a rejection is answered and nothing is stored.
   */
  Future<Applied> apply(UUID runId, Function<RunRecord, RunStep> step, Optional<AuditEntry> audit, Write write) {
    return apply(runId, step, audit, write, Optional.empty(), 0);
  }

  private Future<Applied> apply(UUID runId, Function<RunRecord, RunStep> computed, Optional<AuditEntry> audit,
      Write write, Optional<Orchestrator.Loaded> known, int tries) {
    Future<Optional<Orchestrator.Loaded>> loading = known.isPresent() ? Future.succeededFuture(known) : load(runId);
    return loading.compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new Orchestrator.NoSuchRunException(runId));
      }
      Orchestrator.Loaded loaded = found.get();
      RunStep step = computed.apply(loaded.record());
      if (step.rejected().isPresent()) {
        return Future.succeededFuture(new Applied(step.rejected().get(), loaded.record(), List.of(), false));
      }
      RunRecord record = loaded.record();
      JsonObject state = RunJson.toJson(record);
      List<NewEvent> log = new ArrayList<>();
      List<Command> commands = new ArrayList<>();
      Decision first = null;
      UnaryOperator<RunRecord> change = step.change();
      for (RunEvent event : step.events()) {
        Decision decision = machine.decide(record.run(), event);
        first = first == null ? decision : first;
        if (decision instanceof Decision.Rejected) {
          if (event instanceof RunEvent.OperatorRequest) {
            return Future.succeededFuture(new Applied(decision, loaded.record(), List.of(), false));
          }
          continue;
        }
        Decision.Transition transition = (Decision.Transition) decision;
        RunRecord next = change.apply(record.withRun(transition.run()));
        change = r -> r;
        if (!next.equals(record) || !transition.commands().isEmpty()) {
          JsonObject nextState = next.equals(record) ? state : RunJson.toJson(next);
          log.add(entry(event, StateDelta.between(state, nextState), transition.commands()));
          state = nextState;
        }
        commands.addAll(transition.commands());
        record = next;
      }
      // A change that came without any event (an incident workflow's step) still applies, and its notes carry it.
      RunRecord changed = change.apply(record);
      List<JsonObject> notes = step.notes();
      if (!changed.equals(record)) {
        JsonObject changedState = RunJson.toJson(changed);
        notes = carrying(notes, StateDelta.between(state, changedState));
        state = changedState;
        record = changed;
      }
      notes.forEach(note -> log.add(new NewEvent(note.getString("type", "Note"), note)));
      Decision decision = first == null ? new Decision.Transition(loaded.record().run(), List.of()) : first;
      List<JsonObject> outbox = new ArrayList<>(commands.stream().map(RunJson::toJson).toList());
      step.commands().forEach(command -> outbox.add(RunJson.toJson(command)));
      if (log.isEmpty() && audit.isEmpty() && outbox.isEmpty() && !(write instanceof Write.Completing)) {
        return Future.succeededFuture(new Applied(decision, loaded.record(), List.of(), false));
      }
      RunRecord stored = record;
      RunChange runChange = runChange(stored, state, log, outbox, audit);
      return write(runId, loaded.stored(), runChange, write)
          .map(v -> {
            observer.runChanged(loaded.record().run(), stored.run());
            return new Applied(decision, stored, commands, !outbox.isEmpty());
          })
          .recover(err -> err instanceof StaleRunException && tries < MAX_STALE_RETRIES
              ? apply(runId, computed, audit, write, Optional.empty(), tries + 1) : Future.failedFuture(err));
    });
  }

  private Future<StoredRun> write(UUID runId, StoredRun current, RunChange change, Write write) {
    if (write instanceof Write.Completing completing) {
      return store.complete(completing.command(), current.lastSeq(), change, completing.claim(), completing.failed(),
          completing.outcome());
    }
    Optional<RunLeases.Claim> fence = write instanceof Write.Fenced fenced ? Optional.of(fenced.claim()) : Optional.empty();
    return store.change(runId, current.lastSeq(), change, fence);
  }

  /**
   * A transition as stored: the run's state ({@code state}, the record as JSON), the events and commands (as stored in
   * the outbox) that explain it, and the pipelines its running stages follow.
   */
  static RunChange runChange(RunRecord record, JsonObject state, List<NewEvent> log, List<JsonObject> outbox,
      Optional<AuditEntry> audit) {
    Run run = record.run();
    List<Long> followed = run.stages().stream().filter(stage -> stage.status() == StageStatus.RUNNING)
        .flatMap(stage -> stage.currentAttempt().flatMap(Attempt::pipeline).stream()).map(FollowedPipeline::id)
        .toList();
    return new RunChange(run.status().name().toLowerCase(Locale.ROOT), !run.status().isTerminal(), state, log, outbox,
        audit, run.status().isTerminal() ? List.of() : followed);
  }

  /**
   * The notes of a step whose change came without an event, the first carrying that change ({@code changes}, as a
   * state machine event does), so that a client rebuilding the run from its events sees it; a step without notes gets
   * a {@code StateChanged} note.
   */
  private static List<JsonObject> carrying(List<JsonObject> notes, JsonArray changes) {
    List<JsonObject> carried = new ArrayList<>(notes);
    if (carried.isEmpty()) {
      carried.add(new JsonObject().put("type", "StateChanged"));
    }
    carried.set(0, carried.get(0).copy().put("changes", changes));
    return carried;
  }

  /** An event as stored: the event, what it changed in the run's state ({@link StateDelta}), the commands it asked for. */
  static NewEvent entry(RunEvent event, JsonArray changes, List<Command> commands) {
    JsonArray commandJson = new JsonArray();
    commands.forEach(c -> commandJson.add(RunJson.toJson(c)));
    return new NewEvent(event.getClass().getSimpleName(), new JsonObject().put("event", RunJson.toJson(event))
        .put("changes", changes).put("commands", commandJson));
  }
}
