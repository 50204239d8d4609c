package dev.pdm.sandbox.ci;

import dev.pdm.sandbox.faults.InjectedFaults;
import dev.pdm.sandbox.scenario.PostMigrateFile;
import dev.pdm.sandbox.scenario.ScenarioFaults.LogFault;
import dev.pdm.sandbox.scenario.ScenarioFaults.MigrationFault;
import dev.pdm.sandbox.state.GitLabState;
import dev.pdm.sandbox.state.Job;
import dev.pdm.sandbox.state.Project;
import dev.pdm.sandbox.state.RepoFile;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code <env>-postdeploy-migrations} job: runs {@code db:migrate} for every post-migrate
 * file in the code deployed on the environment that its schema_migrations does not list yet,
 * in version order, recording each as run when Rails prints {@code migrated}.
 */
final class MigrationJobScript implements JobScript {
  private static final String DB_PREFIX = "main: ";
  private static final double RAILS_OVERHEAD_SECONDS = 0.006;

  private final GitLabState state;
  private final InjectedFaults faults;
  private final String environment;

  MigrationJobScript(GitLabState state, InjectedFaults faults, String environment) {
    this.state = state;
    this.faults = faults;
    this.environment = environment;
  }

  @Override
  public JobRun plan(Job job, Instant start) {
    Optional<Project> canonical = state.projectWithRole("canonical");
    Optional<String> deployedSha = canonical
        .flatMap(p -> state.lastSuccessfulDeployment(p, environment)).map(d -> d.sha);
    JobLog log = JobLog.started(start, "registry.gitlab.com/gitlab-org/gitlab-ee:rails",
        deployedSha.orElse(job.pipeline.sha), job.pipeline.ref)
        .command("gitlab-rake db:migrate").pause(6);
    if (canonical.isEmpty() || deployedSha.isEmpty()) {
      return log.line(JobLog.BOLD_RED + "No successful deployment found on environment "
          + environment + JobLog.RESET).fail(1);
    }
    if (!state.lockMigrations(environment, job)) {
      RailsMigrationOutput.concurrentMigration().forEach(log::line);
      return log.fail(1);
    }
    Project project = canonical.get();
    Set<String> alreadyRun = state.schemaMigrations(environment);
    List<RepoFile> pending = project.repository().commit(deployedSha.get())
        .map(c -> project.repository().filesAt(c).values().stream()
            .filter(f -> PostMigrateFile.parse(f.path()).isPresent())
            .filter(f -> !alreadyRun.contains(PostMigrateFile.parse(f.path()).get().version()))
            .sorted(Comparator.comparing(RepoFile::path)).toList())
        .orElse(List.of());
    for (RepoFile file : pending) {
      PostMigrateFile migration = PostMigrateFile.parse(file.path()).orElseThrow();
      Optional<MigrationFault> fault = faults.migrationFailure(environment, migration.version(),
          f -> failingOperation(file, f).isPresent());
      Optional<LogFault> bulk = faults.bulkOutput(environment, migration.version(),
          file == pending.get(0));
      if (fault.isPresent()) {
        return failing(log, file, migration, fault.get(), bulk);
      }
      migrate(log, file, migration, bulk);
    }
    return log.pause(2).succeed();
  }

  private void migrate(JobLog log, RepoFile file, PostMigrateFile migration,
      Optional<LogFault> bulk) {
    log.line(DB_PREFIX + RailsMigrationOutput.announce(migration.version(),
        migration.className(), "migrating"));
    double total = RAILS_OVERHEAD_SECONDS + bulk(log, bulk) + operations(log, file.operations(), environment);
    log.pause(RAILS_OVERHEAD_SECONDS).line(DB_PREFIX + RailsMigrationOutput.announce(
        migration.version(), migration.className(),
        "migrated (" + RailsMigrationOutput.seconds(total) + ")"),
        () -> state.markMigrated(environment, migration.version()));
  }

  /** A verbose backfill's output, if a log fault asks for one; returns the seconds it took. */
  private static double bulk(JobLog log, Optional<LogFault> fault) {
    fault.ifPresent(f -> log.bulk(new BulkOutput("ci_builds"), f.bytes(), f.duration()));
    return fault.map(LogFault::duration).orElse(0.0);
  }

  /** Logs each operation's call and duration; returns the seconds they took. */
  private static double operations(JobLog log, List<RepoFile.Operation> operations, String environment) {
    double total = 0;
    for (RepoFile.Operation op : operations) {
      double seconds = op.secondsOn(environment);
      log.pause(0.05).line(DB_PREFIX + "-- " + op.call()).pause(seconds)
          .line(DB_PREFIX + "   -> " + RailsMigrationOutput.seconds(seconds));
      total += seconds;
    }
    return total;
  }

  /** The operations before the failing one run; the failing one raises Rails' error. */
  private JobRun failing(JobLog log, RepoFile file, PostMigrateFile migration,
      MigrationFault fault, Optional<LogFault> bulk) {
    log.line(DB_PREFIX + RailsMigrationOutput.announce(migration.version(),
        migration.className(), "migrating"));
    bulk(log, bulk);
    int at = failingOperation(file, fault).orElseThrow();
    operations(log, file.operations().subList(0, at), environment);
    RepoFile.Operation failed = file.operations().get(at);
    log.pause(0.05).line(DB_PREFIX + "-- " + failed.call()).pause(failed.secondsOn(environment));
    RailsMigrationOutput.errorBlock(fault.errorClass(), fault.message(), file.path())
        .forEach(log::line);
    return log.fail(1).retriedUpTo(fault.retries());
  }

  /**
   * Where the fault makes the migration fail: its first operation whose call contains the
   * fault's {@code operation} (its first operation when the fault names none). Empty when the
   * migration has no such operation any more (a no-op migration has none at all).
   */
  private static Optional<Integer> failingOperation(RepoFile file, MigrationFault fault) {
    List<RepoFile.Operation> operations = file.operations();
    for (int i = 0; i < operations.size(); i++) {
      if (fault.operation() == null || operations.get(i).call().contains(fault.operation())) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }
}
