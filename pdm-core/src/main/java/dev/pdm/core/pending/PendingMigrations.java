package dev.pdm.core.pending;

import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.migrations.PostMigrateFile;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gitlab4j.api.models.CompareResults;
import org.gitlab4j.api.models.Deployment;
import org.gitlab4j.api.models.Diff;

/**
 * The post-deploy migrations pending on an environment: files added under {@code db/post_migrate/} between the
 * last successful {@code db/<env>} deployment and the last successful {@code <env>} deployment.
 */
public final class PendingMigrations {

  private final GitLabClient gitLab;
  private final String project;

  /** Pending migrations of the canonical {@code project}. */
  public PendingMigrations(GitLabClient gitLab, String project) {
    this.gitLab = gitLab;
    this.project = project;
  }

  /**
   * What is pending on {@code environment}. Without a {@code db/<env>} deployment, {@code baselineSha} is the
   * start (and the report says so); without either, or without an {@code <env>} deployment, the future fails
   * saying what is missing.
   */
  public Future<PendingReport> forEnvironment(String environment, Optional<String> baselineSha) {
    return forEnvironment(environment, "db/" + environment, baselineSha);
  }

  /** As {@link #forEnvironment(String, Optional)}, with the migrated SHAs recorded on {@code dbEnvironment}. */
  public Future<PendingReport> forEnvironment(String environment, String dbEnvironment, Optional<String> baselineSha) {
    Future<Optional<Deployment>> migrated = gitLab.lastSuccessfulDeployment(project, dbEnvironment);
    Future<Optional<Deployment>> deployed = gitLab.lastSuccessfulDeployment(project, environment);
    return Future.all(migrated, deployed).compose(both -> {
      List<String> notes = new ArrayList<>();
      Optional<Deployment> from = migrated.result();
      if (deployed.result().isEmpty()) {
        return Future.failedFuture(new IllegalStateException("No successful deployment on environment " + environment
            + " in " + project + ": cannot tell which package runs there"));
      }
      String toSha = deployed.result().get().getSha();
      if (from.isEmpty() && baselineSha.isEmpty()) {
        return Future.failedFuture(new IllegalStateException("No successful deployment on environment "
            + dbEnvironment + " in " + project + " yet, and no baseline SHA configured for " + environment));
      }
      Baseline baseline = from.isPresent() ? Baseline.DB_DEPLOYMENT : Baseline.CONFIGURED_BASELINE;
      String fromSha = from.map(Deployment::getSha).orElseGet(baselineSha::get);
      if (from.isEmpty()) {
        notes.add("No deployment on " + dbEnvironment + " yet: starting from the configured baseline " + fromSha + ".");
      }
      return gitLab.compare(project, fromSha, toSha)
          .compose(comparison -> withOrigins(added(comparison, notes), toSha))
          .map(migrations -> new PendingReport(project, environment, fromSha, baseline, toSha, migrations, notes));
    });
  }

  /** The post-migrate files the comparison adds, by path, oldest version first. */
  static List<PostMigrateFile> added(CompareResults comparison, List<String> notes) {
    if (Boolean.TRUE.equals(comparison.getCompareTimeout())) {
      notes.add("GitLab's compare timed out: the list of pending migrations may be incomplete.");
    }
    Map<String, PostMigrateFile> added = new LinkedHashMap<>();
    List<Diff> diffs = comparison.getDiffs() == null ? List.of() : comparison.getDiffs();
    for (Diff diff : diffs) {
      Optional<PostMigrateFile> oldFile = PostMigrateFile.parse(diff.getOldPath());
      Optional<PostMigrateFile> newFile = PostMigrateFile.parse(diff.getNewPath());
      if (Boolean.TRUE.equals(diff.getDeletedFile())) {
        oldFile.ifPresent(file -> notes.add(file.path() + " was deleted: it is not pending."));
      } else if (Boolean.TRUE.equals(diff.getNewFile())) {
        newFile.ifPresent(file -> added.put(file.path(), file));
      } else if (Boolean.TRUE.equals(diff.getRenamedFile())) {
        boolean alreadyRan = oldFile.isPresent() && newFile.isPresent()
            && oldFile.get().version().equals(newFile.get().version());
        newFile.filter(file -> !alreadyRan).ifPresent(file -> added.put(file.path(), file));
        if (alreadyRan) {
          notes.add(diff.getOldPath() + " was renamed to " + diff.getNewPath() + " keeping its version: not pending.");
        }
      } else {
        oldFile.ifPresent(file -> notes.add(file.path() + " was changed after it ran: it is not pending again."));
      }
    }
    return added.values().stream().sorted(Comparator.comparing(PostMigrateFile::version)).toList();
  }

  private Future<List<PendingMigration>> withOrigins(List<PostMigrateFile> files, String toSha) {
    List<Future<PendingMigration>> lookups = files.stream()
        .map(file -> MigrationOrigin.find(gitLab, project, file.path(), toSha)
            .map(origin -> new PendingMigration(file, origin.mergeRequest(), origin.gaps())))
        .toList();
    return Future.all(lookups).map(done -> lookups.stream().map(Future::result).toList());
  }
}
