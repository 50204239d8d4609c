package dev.pdm.server.orchestrator;

import dev.pdm.core.run.Command;
import dev.pdm.core.run.Decision;
import dev.pdm.core.run.Run;
import dev.pdm.core.run.RunEvent;
import dev.pdm.core.run.RunStateMachine;
import dev.pdm.server.store.AuditEntry;
import dev.pdm.server.store.CreateOutcome;
import dev.pdm.server.store.NewEvent;
import dev.pdm.server.store.PendingCommand;
import dev.pdm.server.store.RunChange;
import dev.pdm.server.store.RunLeases;
import dev.pdm.server.store.RunStore;
import dev.pdm.server.store.StaleRunException;
import dev.pdm.server.store.StoredRun;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies events to runs and executes what the state machine asks for. Every transition is stored with its commands
 * in one transaction; the replica holding a run's lease executes them in order, each after the previous one's outcome
 * is stored. A replica that dies stops renewing its leases; another takes the runs over and executes what is still
 * pending, which executors make safe (a pipeline trigger first looks for the pipeline it may already have created).
 */
public final class Orchestrator {
  private static final Logger LOG = LoggerFactory.getLogger(Orchestrator.class);
  private static final int MAX_STALE_RETRIES = 20;
  private final Vertx vertx;
  private final RunStore store;
  private final RunLeases leases;
  private final CommandExecutors executors;
  private final RunFollower follower;
  private final String replica;
  private final Duration leaseTtl;
  private final RunStateMachine machine = new RunStateMachine();
  private final Set<UUID> leased = new HashSet<>();
  private final Set<UUID> draining = new HashSet<>();
  private final Map<UUID, Future<?>> submissions = new HashMap<>();
  private final OrchestratorObserver observer;
  private volatile Status status;
  private long timer = -1;
  private boolean ticking;

  public Orchestrator(Vertx vertx, RunStore store, RunLeases leases, CommandExecutors executors, RunFollower follower,
      String replica, Duration leaseTtl, OrchestratorObserver observer) {
    this.vertx = vertx;
    this.store = store;
    this.leases = leases;
    this.executors = executors;
    this.follower = follower;
    this.replica = replica;
    this.leaseTtl = leaseTtl;
    this.observer = observer;
    this.status = new Status(replica, Optional.empty(), 0, leaseTtl);
  }

  /** How this replica's driving goes, for health checks and metrics; safe to read from any thread. */
  public Status status() {
    return status;
  }

  /**
   * @param lastTickAt when a tick last completed (active runs read, leases renewed), empty before the first
   * @param leasesHeld the runs this replica drives
   * @param leaseTtl   how long a lease lasts unrenewed: a replica whose last tick is older drives nothing any more
   */
  public record Status(String replica, Optional<Instant> lastTickAt, int leasesHeld, Duration leaseTtl) {
  }

  /** This replica's name in leases and logs. */
  public String replica() {
    return replica;
  }

  /** Starts taking leases on active runs and driving them, every {@code tick}. */
  public void start(Duration tick) {
    timer = vertx.setPeriodic(0, tick.toMillis(), id -> tick());
    LOG.info("orchestrator {} started", replica);
  }

  /** Stops driving (leases run out by themselves, so another replica can take over). */
  public Future<Void> stop() {
    vertx.cancelTimer(timer);
    List<Future<Void>> releases = new ArrayList<>();
    leased.forEach(id -> releases.add(leases.release(id, replica)));
    leased.clear();
    return Future.join(releases).mapEmpty();
  }

  /**
   * Asks the state machine for a new run from a prepared request; a rejection (say, no package known on an
   * environment) comes back as the decision, with nothing stored.
   */
  public Future<Started> start(RunPreparer.Prepared prepared, Optional<String> idempotencyKey) {
    Decision decision = machine.start(prepared.request());
    if (!(decision instanceof Decision.Transition t)) {
      return Future.succeededFuture(new Started(Optional.of((Decision.Rejected) decision), Optional.empty()));
    }
    RunRecord record = new RunRecord(t.run(), prepared.pending(), Map.of());
    return create(record, t.commands(), prepared.request(), idempotencyKey)
        .map(outcome -> new Started(Optional.empty(), Optional.of(outcome)));
  }

  /** Either the rejection of the request or what the store made of it. */
  public record Started(Optional<Decision.Rejected> rejected, Optional<CreateOutcome> outcome) {
  }

  private Future<CreateOutcome> create(RunRecord record, List<Command> commands, RunEvent.RunRequested request,
      Optional<String> idempotencyKey) {
    UUID id = UUID.fromString(record.run().id());
    RunChange first = change(record, request, commands, Optional.of(new AuditEntry(request.actor(), "execute",
        Optional.empty(), new JsonObject().put("plan", record.run().planId()))), Optional.empty());
    return store.create(id, record.run().planId(), request.actor(), idempotencyKey, first)
        .onSuccess(outcome -> {
          if (outcome instanceof CreateOutcome.Created) {
            LOG.info("run {} created by {}", id, request.actor());
            vertx.runOnContext(v -> tick());
          }
        });
  }

  /**
   * Applies an event to a run: the state machine decides, the transition is stored. Submissions to one run are
   * serialized here and, across replicas, by the store's sequence check (a stale decision is made again).
   */
  public Future<Decision> submit(UUID runId, RunEvent event, Optional<AuditEntry> audit) {
    return submit(runId, event, audit, r -> r);
  }

  Future<Decision> submit(UUID runId, RunEvent event, Optional<AuditEntry> audit, UnaryOperator<RunRecord> extra) {
    Future<?> previous = submissions.getOrDefault(runId, Future.succeededFuture());
    Future<Decision> next = previous.transform(ignored -> attempt(runId, event, audit, extra, 0));
    submissions.put(runId, next);
    next.onComplete(done -> submissions.remove(runId, next));
    return next;
  }

  /** A run as stored, with its record decoded. */
  public Future<Optional<Loaded>> load(UUID runId) {
    return store.get(runId).map(found -> found.map(Loaded::of));
  }

  /** A stored run and its decoded record. */
  public record Loaded(StoredRun stored, RunRecord record) {
    public static Loaded of(StoredRun stored) {
      return new Loaded(stored, RunJson.fromJson(stored.state(), RunRecord.class));
    }
  }

  private Future<Decision> attempt(UUID runId, RunEvent event, Optional<AuditEntry> audit,
      UnaryOperator<RunRecord> extra, int tries) {
    return load(runId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new NoSuchRunException(runId));
      }
      Loaded loaded = found.get();
      Decision decision = machine.decide(loaded.record().run(), event);
      if (!(decision instanceof Decision.Transition t)) {
        return Future.succeededFuture(decision);
      }
      RunRecord next = extra.apply(loaded.record().withRun(t.run()));
      boolean unchanged = next.equals(loaded.record()) && t.commands().isEmpty();
      if (unchanged && audit.isEmpty()) {
        return Future.succeededFuture(decision);
      }
      return store.change(runId, loaded.stored().lastSeq(), change(next, event, t.commands(), audit, Optional.empty()))
          .map(stored -> {
            LOG.info("run {} {} -> {} ({} commands)", runId, event.getClass().getSimpleName(), t.run().status(),
                t.commands().size());
            observer.runChanged(loaded.record().run(), t.run());
            if (!t.commands().isEmpty()) {
              kick(runId);
            }
            return decision;
          })
          .recover(err -> err instanceof StaleRunException && tries < MAX_STALE_RETRIES
              ? attempt(runId, event, audit, extra, tries + 1) : Future.failedFuture(err));
    });
  }

  /** Appends a note (not a state machine event) to the run's log: a chat delivery, job log lines. */
  public Future<Void> note(UUID runId, String type, JsonObject note) {
    return load(runId).compose(found -> found.map(loaded -> store.change(runId, loaded.stored().lastSeq(),
            new RunChange(loaded.stored().status(), loaded.stored().active(), loaded.stored().state(),
                List.of(new NewEvent(type, note)), Optional.empty())).<Void>mapEmpty()
            .recover(err -> err instanceof StaleRunException ? note(runId, type, note) : Future.failedFuture(err)))
        .orElse(Future.failedFuture(new NoSuchRunException(runId))));
  }

  private static RunChange change(RunRecord record, RunEvent event, List<Command> commands,
      Optional<AuditEntry> audit, Optional<JsonObject> note) {
    Run run = record.run();
    JsonArray commandJson = new JsonArray();
    List<JsonObject> outbox = new ArrayList<>();
    commands.forEach(c -> {
      JsonObject json = RunJson.toJson(c);
      outbox.add(json);
      commandJson.add(json);
    });
    JsonObject payload = new JsonObject().put("event", RunJson.toJson(event)).put("run", RunJson.toJson(run))
        .put("commands", commandJson);
    note.ifPresent(n -> payload.put("note", n));
    return new RunChange(run.status().name().toLowerCase(java.util.Locale.ROOT), !run.status().isTerminal(),
        RunJson.toJson(record), List.of(new NewEvent(event.getClass().getSimpleName(), payload)), outbox, audit);
  }

  // --- driving ----------------------------------------------------------------------------------------------------

  private void tick() {
    if (ticking) {
      return;
    }
    ticking = true;
    store.active()
        .compose(active -> {
          Set<UUID> activeIds = new HashSet<>();
          active.forEach(run -> activeIds.add(run.id()));
          leased.removeIf(id -> {
            boolean gone = !activeIds.contains(id);
            if (gone) {
              leases.release(id, replica);
              follower.forget(id);
            }
            return gone;
          });
          List<Future<Void>> all = new ArrayList<>();
          for (StoredRun run : active) {
            all.add(leases.acquire(run.id(), replica, leaseTtl).compose(held -> {
              if (held) {
                if (leased.add(run.id())) {
                  LOG.info("replica {} drives run {}", replica, run.id());
                }
                kick(run.id());
                return follower.follow(Loaded.of(run).record(), this);
              }
              if (leased.remove(run.id())) {
                follower.forget(run.id());
              }
              return Future.succeededFuture();
            }));
          }
          return Future.join(all).mapEmpty();
        })
        .onSuccess(v -> status = new Status(replica, Optional.of(Instant.now()), leased.size(), leaseTtl))
        .onFailure(err -> LOG.warn("orchestrator {} tick failed: {}", replica, err.getMessage()))
        .onComplete(done -> ticking = false);
  }

  private void kick(UUID runId) {
    if (!leased.contains(runId) || !draining.add(runId)) {
      return;
    }
    drain(runId).onComplete(done -> {
      draining.remove(runId);
      if (done.failed()) {
        LOG.warn("run {}: executing commands stopped: {}", runId, done.cause().getMessage());
      }
    });
  }

  private Future<Void> drain(UUID runId) {
    return store.nextCommand(runId).compose(next -> next.map(command -> execute(command)
            .compose(executed -> executed ? drain(runId) : Future.<Void>succeededFuture()))
        .orElse(Future.succeededFuture()));
  }

  /** Executes one command; true when it is done (its outcome stored), false when it must be tried again later. */
  private Future<Boolean> execute(PendingCommand pending) {
    Command command = RunJson.fromJson(pending.command(), Command.class);
    UUID runId = pending.runId();
    return load(runId)
        .compose(found -> found.isEmpty() ? Future.failedFuture(new NoSuchRunException(runId))
            : executors.execute(found.get().record(), command))
        .compose(outcome -> applyOutcome(runId, outcome)
            .compose(v -> store.commandDone(pending))
            .map(true))
        .onSuccess(done -> observer.commandExecuted(command.getClass().getSimpleName(), true))
        .recover(err -> {
          observer.commandExecuted(command.getClass().getSimpleName(), false);
          int attempt = pending.attempts() + 1;
          double delay = Math.min(60, Math.pow(2, Math.min(pending.attempts(), 6)));
          LOG.warn("run {}: {} failed (attempt {}), trying again in {}s: {}", runId,
              command.getClass().getSimpleName(), attempt, delay, err.getMessage());
          Future<Void> shown = attempt == 2 || attempt % 20 == 0
              ? note(runId, "CommandRetrying", new JsonObject().put("command", pending.command())
                  .put("attempts", attempt).put("error", String.valueOf(err.getMessage()))
                  .put("retry_in_seconds", delay))
                  .recover(noteFailed -> Future.succeededFuture())
              : Future.succeededFuture();
          return shown.compose(v -> store.commandFailed(pending, String.valueOf(err.getMessage()), delay)).map(false);
        });
  }

  private Future<Void> applyOutcome(UUID runId, Outcome outcome) {
    Future<Void> chain = outcome.note().map(n -> note(runId, n.getString("type", "Note"), n))
        .orElse(Future.succeededFuture());
    boolean first = true;
    for (RunEvent event : outcome.events()) {
      UnaryOperator<RunRecord> extra = first ? outcome.recordChange() : r -> r;
      first = false;
      chain = chain.compose(v -> submit(runId, event, Optional.empty(), extra).mapEmpty());
    }
    return chain;
  }

  /** The run does not exist. */
  public static final class NoSuchRunException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NoSuchRunException(UUID id) {
      super("no run " + id);
    }
  }
}
