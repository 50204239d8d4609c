package dev.pdm.sandbox.ci;

import dev.pdm.sandbox.faults.InjectedFaults;
import dev.pdm.sandbox.scenario.PostMigrateFile;
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
      Optional<MigrationFault> fault = faults.migrationFailure(environment, migration.version());
      if (fault.isPresent()) {
        return failing(log, file, migration, fault.get());
      }
      migrate(log, file, migration);
    }
    return log.pause(2).succeed();
  }

  private void migrate(JobLog log, RepoFile file, PostMigrateFile migration) {
    log.line(DB_PREFIX + RailsMigrationOutput.announce(migration.version(),
        migration.className(), "migrating"));
    double total = RAILS_OVERHEAD_SECONDS;
    for (RepoFile.Operation op : operations(file)) {
      log.pause(0.05).line(DB_PREFIX + "-- " + op.call()).pause(op.seconds())
          .line(DB_PREFIX + "   -> " + RailsMigrationOutput.seconds(op.seconds()));
      total += op.seconds();
    }
    log.pause(RAILS_OVERHEAD_SECONDS).line(DB_PREFIX + RailsMigrationOutput.announce(
        migration.version(), migration.className(),
        "migrated (" + RailsMigrationOutput.seconds(total) + ")"),
        () -> state.markMigrated(environment, migration.version()));
  }

  private JobRun failing(JobLog log, RepoFile file, PostMigrateFile migration,
      MigrationFault fault) {
    log.line(DB_PREFIX + RailsMigrationOutput.announce(migration.version(),
        migration.className(), "migrating"));
    RepoFile.Operation first = operations(file).get(0);
    log.pause(0.05).line(DB_PREFIX + "-- " + first.call()).pause(first.seconds());
    RailsMigrationOutput.errorBlock(fault.errorClass(), fault.message(), file.path())
        .forEach(log::line);
    return log.fail(1);
  }

  private static List<RepoFile.Operation> operations(RepoFile file) {
    return file.operations().isEmpty()
        ? List.of(new RepoFile.Operation("execute(\"SELECT 1\")", 0.01)) : file.operations();
  }
}
