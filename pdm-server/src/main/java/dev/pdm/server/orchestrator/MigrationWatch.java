package dev.pdm.server.orchestrator;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.run.Attempt;
import dev.pdm.core.run.RunEvent;
import dev.pdm.core.run.Stage;
import dev.pdm.core.run.StageKind;
import dev.pdm.core.run.StageSpec;
import dev.pdm.core.run.StageStatus;
import dev.pdm.core.triage.MigratedMigration;
import dev.pdm.core.triage.MigrationLog;
import dev.pdm.core.triage.StartedMigration;
import dev.pdm.server.store.MigrationDurations;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a migration job's log tells about durations: each migration's duration is kept in the history as it finishes,
 * and on a production environment a migration still running past {@code max(factor × staging duration, floor)} is
 * reported once (the state machine announces it); nothing is ever stopped. How long a migration has run is counted
 * from when this replica first saw it start in the log.
 */
public final class MigrationWatch {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationWatch.class);
  private final MigrationDurations durations;
  private final PlanLayout plan;
  private final PdmConfig.Budgets budgets;
  private final Clock clock;
  private final Map<String, Instant> firstSeen = new HashMap<>();
  private final Map<String, Optional<Double>> staging = new HashMap<>();

  public MigrationWatch(MigrationDurations durations, PlanLayout plan, PdmConfig.Budgets budgets, Clock clock) {
    this.durations = durations;
    this.plan = plan;
    this.budgets = budgets;
    this.clock = clock;
  }

  /** Stores the durations of the migrations the log newly shows finished; fails when they could not all be stored. */
  Future<Void> finished(UUID runId, String stageId, StageSpec spec, int attempt, long jobId,
      List<MigratedMigration> newlyFinished) {
    String tier = plan.environment(spec.environment()).tier().name().toLowerCase(Locale.ROOT);
    Instant at = clock.instant();
    List<Future<Void>> stored = new ArrayList<>();
    for (MigratedMigration m : newlyFinished) {
      stored.add(durations.record(new MigrationDurations.Measured(spec.environment(), tier, m.version(), m.className(),
          runId, stageId, attempt, jobId, m.seconds(), at)));
    }
    return Future.all(stored).<Void>mapEmpty()
        .onFailure(err -> LOG.warn("run {} stage {}: storing migration durations failed: {}", runId, stageId, err.getMessage()));
  }

  /** The report on the migration running now, when it has run past its budget and was not announced yet. */
  Future<Optional<RunEvent>> runningLong(Stage stage, long jobId, MigrationLog log) {
    Optional<StartedMigration> current = log.current();
    boolean production = plan.environment(stage.spec().environment()).tier() == PdmConfig.Tier.PRODUCTION;
    Optional<Attempt> attempt = stage.currentAttempt();
    if (current.isEmpty() || !production || stage.spec().kind() != StageKind.MIGRATE || stage.status() != StageStatus.RUNNING
        || attempt.isEmpty() || attempt.get().announcedRunningLong(current.get().version())) {
      return Future.succeededFuture(Optional.empty());
    }
    String version = current.get().version();
    Instant now = clock.instant();
    Instant since = firstSeen.computeIfAbsent(jobId + "/" + version, key -> now);
    Future<Optional<Double>> stagingSeconds = staging.containsKey(version) ? Future.succeededFuture(staging.get(version))
        : durations.latestStaging(version).onSuccess(found -> staging.put(version, found));
    return stagingSeconds.map(onStaging -> {
      double elapsed = Duration.between(since, now).toMillis() / 1000.0;
      double budget = budgets.budgetSeconds(onStaging);
      return elapsed > budget ? Optional.of(new RunEvent.MigrationRunningLong(stage.id(), attempt.get().number(), version,
          current.get().className(), elapsed, budget, onStaging, now)) : Optional.empty();
    });
  }

  /** Forgets what was seen of a run's jobs. */
  void forget(long jobId) {
    firstSeen.keySet().removeIf(key -> key.startsWith(jobId + "/"));
  }
}
