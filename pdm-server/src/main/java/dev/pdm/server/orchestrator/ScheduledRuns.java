package dev.pdm.server.orchestrator;

import dev.pdm.core.checks.ChecksReport;
import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.pending.PendingReport;
import dev.pdm.server.store.CreateOutcome;
import dev.pdm.server.store.RunStore;
import dev.pdm.server.store.ScheduleFirings;
import dev.pdm.server.store.StoredRun;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code schedule.auto_execute}: when its cron expression fires, pdm starts a run as {@value #ACTOR} if something is
 * pending on a migrated environment and every production check passes on each; otherwise the firing is recorded as
 * skipped, with why and what the decision was made from. It never retries a failed run (a run that ended failed waits
 * for a person to start the next) and never overrides a check. Each firing is decided by one replica.
 */
public final class ScheduledRuns {
  /** The user scheduled runs are started as. */
  public static final String ACTOR = "pdm-scheduler";
  private static final Logger LOG = LoggerFactory.getLogger(ScheduledRuns.class);
  private static final long TICK_MS = 1000;
  private final Vertx vertx;
  private final PdmConfig.AutoExecute schedule;
  private final ScheduleFirings firings;
  private final RunStore store;
  private final RunPreparer preparer;
  private final ChecksExecutor checks;
  private final PlanLayout plan;
  private final Orchestrator orchestrator;
  private final Clock clock;
  private Instant cursor;
  private boolean deciding;
  private long timer = -1;

  public ScheduledRuns(Vertx vertx, PdmConfig.AutoExecute schedule, ScheduleFirings firings, RunStore store,
      RunPreparer preparer, ChecksExecutor checks, PlanLayout plan, Orchestrator orchestrator, Clock clock) {
    this.vertx = vertx;
    this.schedule = schedule;
    this.firings = firings;
    this.store = store;
    this.preparer = preparer;
    this.checks = checks;
    this.plan = plan;
    this.orchestrator = orchestrator;
    this.clock = clock;
  }

  /** Starts watching the clock; firings before now are not made up for. */
  public void start() {
    cursor = clock.instant();
    timer = vertx.setPeriodic(TICK_MS, id -> tick());
    LOG.info("scheduled runs: cron '{}' in {}, next firing at {}", schedule.cron(), schedule.timeZone(),
        nextFiring().map(Object::toString).orElse("never"));
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  /** When the schedule fires next. */
  public Optional<Instant> nextFiring() {
    return schedule.cron().next(clock.instant(), schedule.timeZone());
  }

  private void tick() {
    if (deciding) {
      return;
    }
    Instant now = clock.instant();
    Optional<Instant> due = Optional.empty();
    for (Optional<Instant> next = schedule.cron().next(cursor, schedule.timeZone());
        next.isPresent() && !next.get().isAfter(now); next = schedule.cron().next(cursor, schedule.timeZone())) {
      // When several firings fell due at once (a pause, a clock moved far), only the latest is decided.
      due = next;
      cursor = next.get().plus(1, ChronoUnit.MINUTES);
    }
    if (due.isEmpty()) {
      return;
    }
    Instant firing = due.get();
    deciding = true;
    firings.claim(firing, orchestrator.replica())
        .compose(claimed -> claimed ? decide(firing) : Future.succeededFuture())
        .onFailure(err -> LOG.warn("scheduled firing {}: could not be decided: {}", firing, err.getMessage()))
        .onComplete(done -> deciding = false);
  }

  private Future<Void> decide(Instant firing) {
    JsonObject inputs = new JsonObject().put("cron", schedule.cron().toString()).put("time_zone", schedule.timeZone().getId());
    return store.list(Optional.empty(), Optional.empty(), 1).compose(latest -> {
      Optional<StoredRun> last = latest.stream().findFirst();
      last.ifPresent(run -> inputs.put("last_run", new JsonObject().put("id", run.id().toString()).put("status", run.status())));
      if (last.filter(StoredRun::active).isPresent()) {
        return skip(firing, "a run is active (run " + last.get().id() + ", " + last.get().status() + ")", inputs);
      }
      if (last.filter(run -> "failed".equals(run.status())).isPresent()) {
        return skip(firing, "the last run (" + last.get().id() + ") ended failed: pdm never retries a failure by itself;"
            + " a person starts the next run", inputs);
      }
      return preparer.prepare(ACTOR)
          .compose(prepared -> afterPrepared(firing, prepared, inputs),
              err -> skip(firing, "GitLab could not be read: " + err.getMessage(), inputs));
    });
  }

  private Future<Void> afterPrepared(Instant firing, RunPreparer.Prepared prepared, JsonObject inputs) {
    JsonObject pending = new JsonObject();
    prepared.pending().forEach((env, report) -> pending.put(env, new JsonArray(report.migrations().stream()
        .map(m -> (Object) (m.file().version() + " " + m.file().className())).toList())));
    inputs.put("pending", pending);
    if (prepared.pending().values().stream().noneMatch(PendingReport::anyPending)) {
      return skip(firing, "nothing is pending", inputs);
    }
    List<PdmConfig.Environment> environments = plan.migratedEnvironments();
    Map<String, Future<ChecksReport>> reports = new LinkedHashMap<>();
    environments.forEach(e -> reports.put(e.name(), checks.checksFor(e.name()).run(Optional.empty())));
    return Future.join(new ArrayList<>(reports.values())).compose(done -> {
      JsonObject verdicts = new JsonObject();
      List<String> blocking = new ArrayList<>();
      reports.forEach((env, report) -> {
        verdicts.put(env, RunJson.toJson(report.result()).getJsonArray("results"));
        report.result().blocking().forEach(r -> blocking.add(env + ": " + r.check() + " " + r.verdict()
            + (r.reasons().isEmpty() ? "" : " (" + String.join("; ", r.reasons()) + ")")));
      });
      inputs.put("checks", verdicts);
      if (!blocking.isEmpty()) {
        return skip(firing, "production checks do not pass: " + String.join("; ", blocking), inputs);
      }
      return orchestrator.start(prepared, Optional.of("schedule:" + firing)).compose(started -> {
        if (started.rejected().isPresent()) {
          return skip(firing, "the run was refused: " + started.rejected().get().reason(), inputs);
        }
        CreateOutcome outcome = started.outcome().orElseThrow();
        if (outcome instanceof CreateOutcome.Created created) {
          UUID runId = created.run().id();
          LOG.info("scheduled firing {}: run {} started as {}", firing, runId, ACTOR);
          return orchestrator.note(runId, new JsonObject().put("type", "ScheduleDecision").put("fired_for", firing.toString())
                  .put("outcome", "started").put("inputs", inputs))
              .compose(v -> firings.decide(firing, "started", "something was pending and every check passed",
                  Optional.of(runId), inputs));
        }
        return skip(firing, outcome instanceof CreateOutcome.ActiveRunExists active
            ? "a run is active (run " + active.activeRunId() + ")" : "this firing had started its run already", inputs);
      });
    });
  }

  private Future<Void> skip(Instant firing, String reason, JsonObject inputs) {
    LOG.info("scheduled firing {} skipped: {}", firing, reason);
    return firings.decide(firing, "skipped", reason, Optional.empty(), inputs);
  }
}
