package dev.pdm.core.triage;

import static dev.pdm.core.triage.TraceFixtures.FAILURE;
import static dev.pdm.core.triage.TraceFixtures.SUCCESS;
import static dev.pdm.core.triage.TraceFixtures.asRunner17Would;
import static dev.pdm.core.triage.TraceFixtures.parse;
import static dev.pdm.core.triage.TraceFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.migrations.PostMigrateFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JobLogParserTest {
  private static final FailedMigration DUPLICATE_TABLE = new FailedMigration("20230701120000",
      "CreateSecurityPolicyRequirementsTable", "PG::DuplicateTable",
      "ERROR:  relation \"security_policy_requirements\" already exists");
  private static final MigratedMigration BACKFILL = new MigratedMigration("20230630101010",
      "BackfillProjectSettingsHasVulnerabilities", Optional.of("main"), 1.2101);

  @Test
  void findsTheFailedMigrationAndItsErrorInTheFixture() {
    MigrationLog log = parse(read(FAILURE));

    assertThat(log.failed()).contains(DUPLICATE_TABLE);
    assertThat(log.failedDatabase()).contains("main");
    assertThat(log.error()).contains(new LogError(DUPLICATE_TABLE.errorClass(), DUPLICATE_TABLE.errorMessage()));
    assertThat(log.jobOutcome()).isEqualTo(JobOutcome.FAILED);
    assertThat(log.current()).isEmpty();
  }

  @Test
  void listsTheMigrationsThatFinishedBeforeTheFailure() {
    assertThat(parse(read(FAILURE)).migrated()).containsExactly(BACKFILL);
  }

  @Test
  void findsTheFailedFileInTheBacktrace() {
    assertThat(parse(read(FAILURE)).failedFile()).contains(new PostMigrateFile("20230701120000",
        "CreateSecurityPolicyRequirementsTable",
        "db/post_migrate/20230701120000_create_security_policy_requirements_table.rb"));
  }

  @Test
  void readsASuccessfulJob() {
    MigrationLog log = parse(read(SUCCESS));

    assertThat(log.migrated()).containsExactly(
        new MigratedMigration("20230612093011", "RemoveUsersLastActivityOnIndex", Optional.empty(), 0.0311),
        new MigratedMigration("20230613150244", "AddTmpIndexOnNotesNoteableId", Optional.empty(), 2.4502));
    assertThat(log.failed()).isEmpty();
    assertThat(log.error()).isEmpty();
    assertThat(log.jobOutcome()).isEqualTo(JobOutcome.SUCCEEDED);
  }

  @Test
  void readsTheSameFailureThroughTimestampsSectionsColoursAndCrlf() {
    MigrationLog plain = parse(read(FAILURE));

    assertThat(parse(asRunner17Would(read(FAILURE)))).isEqualTo(plain);
  }

  @Test
  void readsTheSameSuccessThroughTimestampsSectionsColoursAndCrlf() {
    assertThat(parse(asRunner17Would(read(SUCCESS)))).isEqualTo(parse(read(SUCCESS)));
  }

  @Test
  void joinsATimestampedLineWithItsContinuation() {
    String log = "2024-01-01T00:00:00.000001Z 00O == 20230612093011 RemoveUsersLastActivityOnIndex: mig\n"
        + "2024-01-01T00:00:00.000002Z 00O+rated (0.0311s) ==========\n";

    assertThat(parse(log).migrated()).extracting(MigratedMigration::version).containsExactly("20230612093011");
  }

  @Test
  void reportsAMigrationCutOffMidLineAsRunningNotFailed() {
    String full = read(SUCCESS);
    String cut = full.substring(0, full.indexOf("migrated (2.4502s)") + "migr".length());

    MigrationLog log = parse(cut);

    assertThat(log.current()).contains(
        new StartedMigration("20230613150244", "AddTmpIndexOnNotesNoteableId", Optional.empty()));
    assertThat(log.failed()).isEmpty();
    assertThat(log.jobOutcome()).isEqualTo(JobOutcome.UNKNOWN);
    assertThat(log.migrated()).extracting(MigratedMigration::version).containsExactly("20230612093011");
  }

  @Test
  void reportsTheRunningMigrationAsFailedWhenTheRunnerFailsTheJobWithoutARailsError() {
    String log = """
        == 20230613150244 AddTmpIndexOnNotesNoteableId: migrating =====================
        -- add_index(:notes, :noteable_id, {:algorithm=>:concurrently})
        ERROR: Job failed: execution took longer than 1h0m0s seconds
        """;

    MigrationLog parsed = parse(log);

    assertThat(parsed.failed()).contains(new FailedMigration("20230613150244", "AddTmpIndexOnNotesNoteableId",
        LogError.UNKNOWN_CLASS, "ERROR: Job failed: execution took longer than 1h0m0s seconds"));
    assertThat(parsed.current()).isEmpty();
  }

  @Test
  void takesTheInnermostPostgresErrorWhenRailsDoesNotWrapIt() {
    String log = """
        == 20240101000000 BackfillThings: migrating ===================================
        rake aborted!
        ActiveRecord::StatementInvalid: PG::QueryCanceled: ERROR:  canceling statement due to statement timeout
        /builds/app/db/post_migrate/20240101000000_backfill_things.rb:12:in `up'
        Tasks: TOP => db:migrate
        ERROR: Job failed: exit code 1
        """;

    assertThat(parse(log).failed()).contains(new FailedMigration("20240101000000", "BackfillThings",
        "PG::QueryCanceled", "ERROR:  canceling statement due to statement timeout"));
  }

  @Test
  void namesTheFailedMigrationFromTheBacktraceWhenTheLogStartsAfterItsAnnounceLine() {
    String full = read(FAILURE);
    String tail = full.substring(full.indexOf("main: -- create_table"));

    assertThat(parse(tail).failed()).contains(DUPLICATE_TABLE);
  }

  @Test
  void readsTheErrorBlockOfBinRails() {
    String log = """
        == 20240101000000 AddThings: migrating ========================================
        bin/rails aborted!
        ActiveRecord::StatementInvalid: PG::UndefinedColumn: ERROR:  column "x" does not exist
        """;

    assertThat(parse(log).failed().map(FailedMigration::errorClass)).contains("PG::UndefinedColumn");
  }

  @Test
  void reportsALockTimeout() {
    String log = """
        ci: == 20240101000000 AddForeignKeyToCiBuilds: migrating ======================
        rake aborted!
        StandardError: An error has occurred, all later migrations canceled:

        ActiveRecord::LockWaitTimeout: PG::LockNotAvailable: ERROR:  canceling statement due to lock timeout
        """;

    MigrationLog parsed = parse(log);

    assertThat(parsed.error()).contains(
        new LogError("PG::LockNotAvailable", "ERROR:  canceling statement due to lock timeout"));
    assertThat(parsed.failedDatabase()).contains("ci");
  }

  @Test
  void prefersThePostgresErrorOverALaterCauseWithoutOne() {
    String log = """
        == 20240101000000 AddThings: migrating ========================================
        rake aborted!
        StandardError: An error has occurred, all later migrations canceled:

        PG::LockNotAvailable: ERROR:  canceling statement due to lock timeout
        /app/db/post_migrate/20240101000000_add_things.rb:5:in `up'

        Caused by:
        Gitlab::Database::LockRetriesExhaustedError: gave up after 50 attempts
        """;

    assertThat(parse(log).error()).contains(
        new LogError("PG::LockNotAvailable", "ERROR:  canceling statement due to lock timeout"));
  }

  @Test
  void keepsEveryLineOfAMultiLineMessage() {
    String log = """
        == 20240101000000 ValidateCheckConstraint: migrating ==========================
        rake aborted!
        StandardError: An error has occurred, all later migrations canceled:

        PG::SyntaxError: ERROR:  syntax error at or near "CONSTRAINTT"
        LINE 1: ALTER TABLE users VALIDATE CONSTRAINTT check_name;
                                           ^
        : ALTER TABLE users VALIDATE CONSTRAINTT check_name;
        /app/lib/gitlab/database/migration_helpers.rb:12:in `validate'
        """;

    assertThat(parse(log).failed().map(FailedMigration::errorMessage)).contains("""
        ERROR:  syntax error at or near "CONSTRAINTT"
        LINE 1: ALTER TABLE users VALIDATE CONSTRAINTT check_name;
                                           ^
        : ALTER TABLE users VALIDATE CONSTRAINTT check_name;""");
  }

  @Test
  void takesTheClassFromTheCauseWhenTheWrappedMessageHasNone() {
    String log = """
        == 20240101000000 BackfillThings: migrating ===================================
        rake aborted!
        StandardError: An error has occurred, all later migrations canceled:

        undefined method `id' for nil
        /app/db/post_migrate/20240101000000_backfill_things.rb:12:in `up'

        Caused by:
        NoMethodError: undefined method `id' for nil
        /app/db/post_migrate/20240101000000_backfill_things.rb:12:in `up'
        Tasks: TOP => db:migrate
        """;

    assertThat(parse(log).error()).contains(new LogError("NoMethodError", "undefined method `id' for nil"));
  }

  @Test
  void readsTheErrorWhenRailsPrintsItsWrapperBeforeRakeAborted() {
    String log = """
        == 20240101000000 AddThings: migrating ========================================
        StandardError: An error has occurred, this and all later migrations canceled:

        PG::UndefinedTable: ERROR:  relation "things" does not exist
        /app/db/post_migrate/20240101000000_add_things.rb:5:in `up'
        rake aborted!
        Tasks: TOP => db:migrate
        """;

    assertThat(parse(log).failed()).contains(new FailedMigration("20240101000000", "AddThings", "PG::UndefinedTable",
        "ERROR:  relation \"things\" does not exist"));
  }

  @Test
  void reportsAFailureEvenWhenTheLogEndsBeforeTheRunnerSaysSo() {
    String full = read(FAILURE);
    String cut = full.substring(0, full.indexOf("Caused by:"));

    MigrationLog log = parse(cut);

    assertThat(log.failed()).contains(DUPLICATE_TABLE);
    assertThat(log.jobOutcome()).isEqualTo(JobOutcome.UNKNOWN);
  }

  @Test
  void reportsTheErrorOfAJobThatFailedBeforeAnyMigration() {
    String log = """
        rake aborted!
        PG::ConnectionBad: could not connect to server: Connection refused
        ERROR: Job failed: exit code 1
        """;

    MigrationLog parsed = parse(log);

    assertThat(parsed.failed()).isEmpty();
    assertThat(parsed.error()).contains(new LogError("PG::ConnectionBad", "could not connect to server: Connection refused"));
  }

  @Test
  void followsMigrationsOnSeveralDatabases() {
    String log = """
        main: == [advisory_lock_connection] object_id: 127900, pg_backend_pid: 76263
        main: == 20240101000000 AddThings: migrating ==================================
        main: == 20240101000000 AddThings: migrated (0.5000s) =========================

        ci: == [advisory_lock_connection] object_id: 128000, pg_backend_pid: 76264
        ci: == 20240101000000 AddThings: migrating ====================================
        ci: == 20240101000000 AddThings: migrated (0.2500s) ===========================
        ci: == 20240102000000 AddOtherThings: migrating ===============================
        rake aborted!
        PG::DuplicateColumn: ERROR:  column "x" of relation "ci_builds" already exists
        """;

    MigrationLog parsed = parse(log);

    assertThat(parsed.migrated()).containsExactly(
        new MigratedMigration("20240101000000", "AddThings", Optional.of("main"), 0.5),
        new MigratedMigration("20240101000000", "AddThings", Optional.of("ci"), 0.25));
    assertThat(parsed.failed().map(FailedMigration::version)).contains("20240102000000");
    assertThat(parsed.failedDatabase()).contains("ci");
  }

  @Test
  void listsRevertedMigrationsApart() {
    String log = """
        == 20240101000000 AddThings: reverting ========================================
        == 20240101000000 AddThings: reverted (0.1000s) ===============================
        """;

    MigrationLog parsed = parse(log);

    assertThat(parsed.reverted()).containsExactly(new MigratedMigration("20240101000000", "AddThings", Optional.empty(), 0.1));
    assertThat(parsed.migrated()).isEmpty();
  }

  @Test
  void ignoresAnEnterpriseEditionFileInTheBacktrace() {
    String log = read(FAILURE).replace("gitlab-rails/db/post_migrate", "gitlab-rails/ee/db/post_migrate");

    assertThat(parse(log).failedFile()).isEmpty();
  }

  @Test
  void readsNothingFromAnEmptyLog() {
    assertThat(parse("")).isEqualTo(new MigrationLog(List.of(), List.of(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), JobOutcome.UNKNOWN));
  }

  @Test
  void survivesBinaryGarbage() throws IOException {
    byte[] garbage = new byte[1 << 20];
    new Random(42).nextBytes(garbage);

    MigrationLog log = JobLogParser.parse(new ByteArrayInputStream(garbage));

    assertThat(log.migrated()).isEmpty();
    assertThat(log.failed()).isEmpty();
  }

  @Test
  void streamsALogOfSeveralMegabytes() throws IOException {
    int migrations = 20_000;

    MigrationLog log = JobLogParser.parse(new GeneratedLog(migrations));

    assertThat(log.migrated()).hasSize(migrations);
    assertThat(log.current()).isEmpty();
    assertThat(log.jobOutcome()).isEqualTo(JobOutcome.SUCCEEDED);
  }

  /** A log generated as it is read, so that the test itself never holds it. */
  private static final class GeneratedLog extends Reader {
    private final int migrations;
    private int next;
    private String pending = "";
    private int pendingAt;

    GeneratedLog(int migrations) {
      this.migrations = migrations;
    }

    @Override
    public int read(char[] buffer, int offset, int length) {
      if (pendingAt == pending.length()) {
        if (next > migrations) {
          return -1;
        }
        pending = next == migrations ? "Job succeeded\n" : migration(next);
        pendingAt = 0;
        next++;
      }
      int count = Math.min(length, pending.length() - pendingAt);
      pending.getChars(pendingAt, pendingAt + count, buffer, offset);
      pendingAt += count;
      return count;
    }

    private static String migration(int n) {
      String version = String.valueOf(20_240_101_000_000L + n);
      return "\u001b[0;32mmain: == " + version + " AddIndexNumber" + n + ": migrating ====================\u001b[0m\n"
          + "main: -- add_concurrent_index(:ci_builds, :column_" + n + ", {:algorithm=>:concurrently})\n"
          + "main:    -> 0.0123s\n"
          + "main: == " + version + " AddIndexNumber" + n + ": migrated (0.0200s) ============\n";
    }

    @Override
    public void close() {
    }
  }
}
