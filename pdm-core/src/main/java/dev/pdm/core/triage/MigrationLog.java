package dev.pdm.core.triage;

import dev.pdm.core.migrations.PostMigrateFile;
import java.util.List;
import java.util.Optional;

/**
 * What a {@code db:migrate} job log says: the migrations that finished, the one running when the log ends, and the
 * failure, if any.
 *
 * @param migrated       migrations that finished going up, in log order
 * @param reverted       migrations that finished going down, in log order
 * @param current        the migration running when the log ends; empty once the job ended or the migration failed
 * @param failed         the migration that was running when Rails reported an error (or the job failed), with the error
 * @param failedDatabase the database the failed migration ran on, when the log names one
 * @param failedFile     the post-deploy migration file the error's backtrace names, when it names the failed one
 * @param error          the error in the log, even when no migration was running
 * @param jobOutcome     how the job ended, per the runner
 */
public record MigrationLog(
    List<MigratedMigration> migrated,
    List<MigratedMigration> reverted,
    Optional<StartedMigration> current,
    Optional<FailedMigration> failed,
    Optional<String> failedDatabase,
    Optional<PostMigrateFile> failedFile,
    Optional<LogError> error,
    JobOutcome jobOutcome) {

  /** Copies the lists, so a log never changes after it is handed out. */
  public MigrationLog {
    migrated = List.copyOf(migrated);
    reverted = List.copyOf(reverted);
  }
}
