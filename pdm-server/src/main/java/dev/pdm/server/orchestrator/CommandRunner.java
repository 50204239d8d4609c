package dev.pdm.server.orchestrator;

import dev.pdm.core.run.RunEvent;
import dev.pdm.server.store.LeaseLostException;
import dev.pdm.server.store.PendingCommand;
import dev.pdm.server.store.PendingCommand.Lane;
import dev.pdm.server.store.RunLeases.Claim;
import dev.pdm.server.store.RunStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes the outbox of the runs this replica holds, per run and lane in order. Each outcome is stored with its
 * command settled, in one transaction under the replica's claim; a command that failed is tried again with backoff,
 * and one that is not a trigger is given up after its budget with its failure recorded on the run.
 */
final class CommandRunner {
  private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
  private final RunStore store;
  private final RunTransitions transitions;
  private final CommandExecutors executors;
  private final Clock clock;
  private final int budget;
  private final OrchestratorObserver observer;
  private final Map<String, Future<Void>> draining = new HashMap<>();
  private final java.util.Set<String> kickedWhileDraining = new java.util.HashSet<>();
  private boolean accepting = true;

  CommandRunner(RunStore store, RunTransitions transitions, CommandExecutors executors, Clock clock, int budget,
      OrchestratorObserver observer) {
    this.store = store;
    this.transitions = transitions;
    this.executors = executors;
    this.clock = clock;
    this.budget = budget;
    this.observer = observer;
  }

  /** Starts executing the run's due commands in each lane not already being executed. */
  void kick(UUID runId, Claim claim) {
    if (!accepting) {
      return;
    }
    for (Lane lane : Lane.values()) {
      String key = runId + "/" + lane;
      if (draining.containsKey(key)) {
        // A transition may have added a command after the drain last looked: look once more when it ends.
        kickedWhileDraining.add(key);
        continue;
      }
      Promise<Void> done = Promise.promise();
      draining.put(key, done.future());
      drain(runId, lane, claim)
          .onFailure(err -> LOG.warn("run {}: executing {} commands stopped: {}", runId, lane, err.getMessage()))
          .onComplete(v -> {
            draining.remove(key);
            done.complete();
            if (kickedWhileDraining.remove(key)) {
              kick(runId, claim);
            }
          });
    }
  }

  /** Stops taking new commands; completes when every command in flight has finished (or after {@code grace}). */
  Future<Void> quiesce(io.vertx.core.Vertx vertx, Duration grace) {
    accepting = false;
    Future<Void> idle = Future.join(List.copyOf(draining.values())).mapEmpty();
    Future<Void> timeout = vertx.timer(Math.max(1, grace.toMillis())).mapEmpty();
    return Future.any(idle, timeout).mapEmpty();
  }

  private Future<Void> drain(UUID runId, Lane lane, Claim claim) {
    return store.nextCommand(runId, lane, clock.instant()).compose(next -> next
        .map(command -> execute(command, claim).compose(finished -> finished && accepting ? drain(runId, lane, claim)
            : Future.<Void>succeededFuture()))
        .orElse(Future.succeededFuture()));
  }

  /** Executes one command; true when it is settled, false when it waits for later. */
  private Future<Boolean> execute(PendingCommand pending, Claim claim) {
    Object command = OutboxCommands.decode(pending.command());
    UUID runId = pending.runId();
    Execution execution = new Execution() {
      @Override
      public Future<RunRecord> record(RunEvent event) {
        return transitions.apply(runId, List.of(event), r -> r, List.of(), Optional.empty(), new RunTransitions.Write.Fenced(claim))
            .map(RunTransitions.Applied::record);
      }

      @Override
      public Instant commandCreatedAt() {
        return pending.createdAt();
      }
    };
    return transitions.load(runId)
        .compose(found -> found.isEmpty() ? Future.failedFuture(new Orchestrator.NoSuchRunException(runId))
            : executors.execute(found.get().record(), command, execution))
        .compose(outcome -> outcome.waits() ? waitFor(pending, claim, outcome).map(false)
            : settle(pending, claim, outcome, false, "done").map(true))
        .onSuccess(settled -> observer.commandExecuted(command.getClass().getSimpleName(), true))
        .recover(err -> {
          if (err instanceof LeaseLostException) {
            return Future.failedFuture(err);
          }
          observer.commandExecuted(command.getClass().getSimpleName(), false);
          return failed(pending, claim, command, err);
        });
  }

  private Future<Void> waitFor(PendingCommand pending, Claim claim, Outcome outcome) {
    Future<?> stored = outcome.events().isEmpty() && outcome.note().isEmpty() ? Future.succeededFuture()
        : transitions.apply(pending.runId(), outcome.events(), outcome.recordChange(), outcome.note().stream().toList(),
            Optional.empty(), new RunTransitions.Write.Fenced(claim));
    return stored.compose(v -> store.commandLater(pending, Optional.empty(),
        clock.instant().plus(outcome.again().orElseThrow()), claim));
  }

  private Future<Boolean> settle(PendingCommand pending, Claim claim, Outcome outcome, boolean failed, String summary) {
    return transitions.apply(pending.runId(), outcome.events(), outcome.recordChange(), outcome.note().stream().toList(),
        Optional.empty(), new RunTransitions.Write.Completing(pending, claim, failed, summary)).map(true);
  }

  private Future<Boolean> failed(PendingCommand pending, Claim claim, Object command, Throwable err) {
    int tries = pending.attempts() + 1;
    String kind = command.getClass().getSimpleName();
    if (GivingUp.hasBudget(command) && tries >= budget) {
      LOG.warn("run {}: {} failed {} times, giving up and recording it on the run: {}", pending.runId(), kind, tries,
          err.getMessage());
      return settle(pending, claim, GivingUp.outcome(command, tries, err, clock.instant()), true,
          "gave up after " + tries + " tries: " + err.getMessage());
    }
    Duration delay = Duration.ofSeconds(Math.min(MAX_BACKOFF.toSeconds(), 1L << Math.min(pending.attempts(), 6)));
    LOG.warn("run {}: {} failed (try {}), trying again in {}s: {}", pending.runId(), kind, tries, delay.toSeconds(),
        err.getMessage());
    Future<?> shown = tries == 2 || tries % 20 == 0
        ? transitions.apply(pending.runId(), List.of(), r -> r, List.of(new JsonObject().put("type", "CommandRetrying")
            .put("command", pending.command()).put("attempts", tries).put("error", String.valueOf(err.getMessage()))
            .put("retry_in_seconds", delay.toSeconds())), Optional.empty(), new RunTransitions.Write.Fenced(claim))
        : Future.succeededFuture();
    return shown.recover(noteFailed -> Future.succeededFuture())
        .compose(v -> store.commandLater(pending, Optional.of(String.valueOf(err.getMessage())),
            clock.instant().plus(delay), claim))
        .map(false);
  }
}
