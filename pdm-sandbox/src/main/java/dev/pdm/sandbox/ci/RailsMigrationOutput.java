package dev.pdm.sandbox.ci;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The exact text Rails' {@code db:migrate} prints: announce lines, method timings, error block. */
final class RailsMigrationOutput {
  private static final int ANNOUNCE_WIDTH = 75;
  /** Line of the first operation in the Ruby source the sandbox serves for a migration file. */
  private static final int FIRST_OPERATION_LINE = 10;
  private static final Map<String, String> ACTIVE_RECORD_WRAPPERS = Map.of(
      "PG::QueryCanceled", "ActiveRecord::QueryCanceled",
      "PG::LockNotAvailable", "ActiveRecord::LockWaitTimeout",
      "PG::UniqueViolation", "ActiveRecord::RecordNotUnique",
      "PG::ForeignKeyViolation", "ActiveRecord::InvalidForeignKey",
      "PG::NotNullViolation", "ActiveRecord::NotNullViolation");

  private RailsMigrationOutput() {
  }

  /** {@code == VERSION Name: message ===...}, padded to 79 characters like Rails' announce. */
  static String announce(String version, String className, String message) {
    String text = version + " " + className + ": " + message;
    return "== " + text + " " + "=".repeat(Math.max(0, ANNOUNCE_WIDTH - text.length()));
  }

  static String seconds(double value) {
    return String.format(Locale.ROOT, "%.4fs", value);
  }

  /** What Rails prints when another process holds the migration advisory lock. */
  static List<String> concurrentMigration() {
    return List.of(JobLog.BOLD_RED + "rake aborted!" + JobLog.RESET,
        "ActiveRecord::ConcurrentMigrationError: ", "",
        "Cannot run migrations because another migration process is currently running.", "",
        "Tasks: TOP => db:migrate", "(See full trace by running task with --trace)");
  }

  /** The block Rails prints when a migration raises, as seen in GitLab deploy job logs. */
  static List<String> errorBlock(String errorClass, String message, String file) {
    String error = errorClass + ": " + message;
    String wrapper = ACTIVE_RECORD_WRAPPERS.getOrDefault(errorClass,
        errorClass.startsWith("PG::") ? "ActiveRecord::StatementInvalid" : null);
    List<String> head = List.of(JobLog.BOLD_RED + "rake aborted!" + JobLog.RESET,
        "StandardError: An error has occurred, all later migrations canceled:", "", error,
        "/opt/gitlab/embedded/service/gitlab-rails/" + file + ":" + FIRST_OPERATION_LINE + ":in `up'");
    List<String> cause = wrapper == null ? List.of()
        : List.of("", "Caused by:", wrapper + ": " + error);
    List<String> tail = List.of("Tasks: TOP => db:migrate",
        "(See full trace by running task with --trace)");
    return java.util.stream.Stream.of(head, cause, tail).flatMap(List::stream).toList();
  }
}
