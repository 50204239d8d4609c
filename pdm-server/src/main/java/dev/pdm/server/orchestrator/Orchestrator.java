package dev.pdm.server.orchestrator;

import dev.pdm.core.run.Decision;
import dev.pdm.core.run.RunEvent;
import dev.pdm.server.store.AuditEntry;
import dev.pdm.server.store.CreateOutcome;
import dev.pdm.server.store.LogTailWrite;
import dev.pdm.server.store.RunChange;
import dev.pdm.server.store.RunLeases;
import dev.pdm.server.store.RunStore;
import dev.pdm.server.store.StoredRun;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies events to runs and drives the runs this replica holds. Every transition is stored with its commands in one
 * transaction. The replica holding a run's lease executes its commands, in order per lane, each outcome stored with
 * its command settled under the lease's epoch; leases are renewed on their own timer. A replica that dies, pauses or
 * is cut off loses its leases; another takes the runs over and executes what is still pending, which executors make
 * safe (a trigger recorded as sent is only ever searched for, never sent again).
 */
public final class Orchestrator {
  private static final Logger LOG = LoggerFactory.getLogger(Orchestrator.class);
  private final Vertx vertx;
  private final RunStore store;
  private final List<RunWatch> watches;
  private final String replica;
  private final Clock clock;
  private final Duration leaseTtl;
  private final RunTransitions transitions;
  private final LeaseKeeper leases;
  private final CommandRunner commands;
  private final Map<UUID, Future<?>> submissions = new HashMap<>();
  private long timer = -1;
  private boolean ticking;
  private boolean stopping;
  private volatile Instant lastTick;

  public Orchestrator(Vertx vertx, RunStore store, RunLeases runLeases, CommandExecutors executors,
      List<RunWatch> watches, String replica, Duration leaseTtl, Clock clock, int commandRetryBudget,
      OrchestratorObserver observer) {
    this.vertx = vertx;
    this.store = store;
    this.watches = List.copyOf(watches);
    this.replica = replica;
    this.clock = clock;
    this.leaseTtl = leaseTtl;
    this.transitions = new RunTransitions(store, observer);
    this.leases = new LeaseKeeper(vertx, runLeases, replica, leaseTtl, this::forget);
    this.commands = new CommandRunner(store, transitions, executors, clock, commandRetryBudget, observer);
  }

  /** This replica's name in leases and logs. */
  public String replica() {
    return replica;
  }

  /**
   * Whether this replica drives runs: when it last looked for work (wall-clock time, whatever clock runs are stamped
   * with), how many runs it holds, and how long a lease lasts (a replica that has not looked for longer drives nothing).
   */
  public record Status(String replica, Optional<Instant> lastTickAt, int leasesHeld, Duration leaseTtl) {
  }

  public Status status() {
    return new Status(replica, Optional.ofNullable(lastTick), leases.count(), leaseTtl);
  }

  /** Starts renewing leases, taking leases on runs with work and driving them, every {@code tick}. */
  public void start(Duration tick) {
    leases.start();
    timer = vertx.setPeriodic(0, tick.toMillis(), id -> tick());
    LOG.info("orchestrator {} started", replica);
  }

  /**
   * Stops driving: no new command starts, commands in flight get {@code grace} to finish and store their outcome,
   * then the leases are let go so that another replica takes over at once.
   */
  public Future<Void> stop(Duration grace) {
    stopping = true;
    vertx.cancelTimer(timer);
    return commands.quiesce(vertx, grace).compose(v -> leases.releaseAll())
        .onComplete(v -> LOG.info("orchestrator {} stopped", replica));
  }

  /**
   * Asks the state machine for a new run from a prepared request; a rejection (say, no package known on an
   * environment) comes back as the decision, with nothing stored.
   */
  public Future<Started> start(RunPreparer.Prepared prepared, Optional<String> idempotencyKey) {
    Decision decision = transitions.machine().start(prepared.request());
    if (!(decision instanceof Decision.Transition t)) {
      return Future.succeededFuture(new Started(Optional.of((Decision.Rejected) decision), Optional.empty()));
    }
    RunEvent.RunRequested request = prepared.request();
    RunRecord record = new RunRecord(t.run(), prepared.pending());
    UUID id = UUID.fromString(record.run().id());
    JsonObject state = RunJson.toJson(record);
    RunChange first = RunTransitions.runChange(record, state,
        List.of(RunTransitions.entry(request, StateDelta.whole(state), t.commands())),
        t.commands().stream().map(RunJson::toJson).toList(),
        Optional.of(new AuditEntry(request.actor(), "execute", Optional.empty(),
            new JsonObject().put("plan", record.run().planId()))));
    return store.create(id, record.run().planId(), request.actor(), idempotencyKey, first)
        .onSuccess(outcome -> {
          if (outcome instanceof CreateOutcome.Created) {
            LOG.info("run {} created by {}", id, request.actor());
            vertx.runOnContext(v -> tick());
          }
        })
        .map(outcome -> new Started(Optional.empty(), Optional.of(outcome)));
  }

  /** Either the rejection of the request or what the store made of it. */
  public record Started(Optional<Decision.Rejected> rejected, Optional<CreateOutcome> outcome) {
  }

  /**
   * Applies an event to a run: the state machine decides, the transition is stored. Submissions to one run are
   * serialized here and, across replicas, by the store's sequence check (a stale decision is made again).
   */
  public Future<Decision> submit(UUID runId, RunEvent event, Optional<AuditEntry> audit) {
    return submitAll(runId, List.of(event), audit);
  }

  /** Applies events in order, as one transition. */
  public Future<Decision> submitAll(UUID runId, List<RunEvent> events, Optional<AuditEntry> audit) {
    return submitAll(runId, events, audit, Optional.empty());
  }

  /**
   * Applies what GitLab's API said of a run (one poll's or one webhook's reports on a pipeline and its job) to the run
   * as {@code loaded} just before asking: loaded again only if it changed meanwhile.
   */
  public Future<Decision> observed(Loaded loaded, List<RunEvent> events) {
    return submitAll(loaded.stored().id(), events, Optional.empty(), Optional.of(loaded));
  }

  private Future<Decision> submitAll(UUID runId, List<RunEvent> events, Optional<AuditEntry> audit,
      Optional<Loaded> known) {
    return serialized(runId, () -> transitions.apply(runId, events, r -> r, List.of(), audit,
            new RunTransitions.Write.Open(), known)
        .map(applied -> {
          if (applied.decision() instanceof Decision.Transition && !applied.commands().isEmpty()) {
            LOG.info("run {} {} -> {} ({} commands)", runId, events.get(0).getClass().getSimpleName(),
                applied.record().run().status(), applied.commands().size());
            kick(runId);
          }
          return applied.decision();
        }));
  }

  /**
   * Applies a step computed from the run as stored (an incident workflow's decision or observation, possibly with state
   * machine events), serialized with the run's other submissions; its commands are executed by the lease holder.
   */
  public Future<Decision> change(UUID runId, java.util.function.Function<RunRecord, RunStep> step,
      Optional<AuditEntry> audit) {
    return serialized(runId, () -> transitions.apply(runId, step, audit, new RunTransitions.Write.Open())
        .map(applied -> {
          if (applied.queued()) {
            kick(runId);
          }
          return applied.decision();
        }));
  }

  /** Appends a note (not a state machine event) to the run's log: a scheduled firing's decision, for example. */
  public Future<Void> note(UUID runId, JsonObject note) {
    return serialized(runId, () -> transitions.apply(runId, List.of(), r -> r, List.of(note), Optional.empty(),
        new RunTransitions.Write.Open()).mapEmpty());
  }

  /**
   * Stores a read of a job's log (its {@code JobLog} event and the log's tail, {@link RunStore#appendLogRead}), in turn
   * with the run's other submissions on this replica; completes with the event's sequence number.
   */
  public Future<Long> logRead(LogTailWrite write) {
    return serialized(write.runId(), () -> store.appendLogRead(write));
  }

  private <T> Future<T> serialized(UUID runId, java.util.function.Supplier<Future<T>> work) {
    Future<?> previous = submissions.getOrDefault(runId, Future.succeededFuture());
    Future<T> next = previous.transform(ignored -> work.get());
    submissions.put(runId, next);
    next.onComplete(done -> submissions.remove(runId, next));
    return next;
  }

  /** A run as stored, with its record decoded. */
  public Future<Optional<Loaded>> load(UUID runId) {
    return transitions.load(runId);
  }

  /** A stored run and its decoded record. */
  public record Loaded(StoredRun stored, RunRecord record) {
    public static Loaded of(StoredRun stored) {
      return new Loaded(stored, RunJson.fromJson(stored.state(), RunRecord.class));
    }
  }

  // --- driving ----------------------------------------------------------------------------------------------------

  private void tick() {
    if (ticking || stopping) {
      return;
    }
    ticking = true;
    store.withWork()
        .compose(runs -> {
          Set<UUID> withWork = new HashSet<>();
          List<Future<?>> claimed = new ArrayList<>();
          for (StoredRun run : runs) {
            withWork.add(run.id());
            claimed.add(leases.claim(run.id()).onSuccess(claim -> claim.ifPresent(c -> {
              commands.kick(run.id(), c);
              Loaded loaded = Loaded.of(run);
              watches.forEach(watch -> watch.follow(loaded, this));
            })));
          }
          leases.runs().stream().filter(id -> !withWork.contains(id)).forEach(id -> {
            leases.release(id);
            forget(id);
          });
          return Future.join(claimed);
        })
        .onSuccess(v -> lastTick = Instant.now())
        .onFailure(err -> LOG.warn("orchestrator {} tick failed: {}", replica, err.getMessage()))
        .onComplete(done -> ticking = false);
  }

  private void forget(UUID runId) {
    watches.forEach(watch -> watch.forget(runId));
  }

  private void kick(UUID runId) {
    leases.held(runId).ifPresent(claim -> commands.kick(runId, claim));
  }

  /** The run does not exist. */
  public static final class NoSuchRunException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NoSuchRunException(UUID id) {
      super("no run " + id);
    }
  }
}
