package dev.pdm.server.orchestrator;

import dev.pdm.core.pending.RollbackCheck.RanFrom;
import dev.pdm.core.run.DeploymentProject;
import dev.pdm.core.run.Run;
import dev.pdm.core.run.Stage;
import dev.pdm.core.run.StageKind;
import dev.pdm.core.run.StageStatus;
import dev.pdm.server.store.MigrationDurations;
import dev.pdm.server.store.RunStore;
import dev.pdm.server.store.StoredRun;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What pdm's own runs migrated on an environment: every migration of a migrate stage that succeeded (its package's
 * SHA), and the migrations a job log shows finished in a stage that did not (failed part way, still running).
 */
public final class MigratedByRuns {
  private static final int RECENT_RUNS = 200;
  private final RunStore store;
  private final MigrationDurations durations;

  public MigratedByRuns(RunStore store, MigrationDurations durations) {
    this.store = store;
    this.durations = durations;
  }

  public Future<List<RanFrom>> on(String environment) {
    Future<List<StoredRun>> runs = store.list(Optional.empty(), Optional.empty(), RECENT_RUNS);
    Future<Map<UUID, List<String>>> logged = durations.versionsByRun(environment);
    return Future.all(runs, logged).map(both -> {
      List<RanFrom> sources = new ArrayList<>();
      for (StoredRun stored : runs.result()) {
        Run run = Orchestrator.Loaded.of(stored).record().run();
        for (Stage stage : run.stages()) {
          if (stage.spec().kind() != StageKind.MIGRATE || !stage.spec().environment().equals(environment)) {
            continue;
          }
          Optional<String> sha = run.migratedPackages(stage).find(environment, DeploymentProject.CANONICAL)
              .map(p -> p.sha());
          List<String> versions = logged.result().getOrDefault(stored.id(), List.of());
          if (sha.isEmpty()) {
            continue;
          }
          if (stage.status() == StageStatus.SUCCEEDED) {
            sources.add(new RanFrom(sha.get(), "pdm run " + stored.id(), stage.finishedAt(), Optional.empty()));
          } else if (!versions.isEmpty()) {
            sources.add(new RanFrom(sha.get(), "pdm run " + stored.id() + " (part of the migrations, per its job log)",
                stage.finishedAt().or(() -> Optional.of(stored.updatedAt())), Optional.of(new HashSet<>(versions))));
          }
        }
      }
      return sources;
    });
  }
}
