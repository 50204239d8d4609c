package dev.pdm.core.triage;

import dev.pdm.core.migrations.PostMigrateFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Follows cleaned job-log lines and keeps what they say about migrations: finished, running, failed. */
final class MigrationLogTracker {
  /** Rails' announce line, e.g. {@code main: == 20230701120000 CreateFoo: migrated (0.0123s) =====}. */
  private static final Pattern ANNOUNCE = Pattern.compile(
      "(?:([a-z][a-z0-9_]*): )?== (\\d+) ([A-Za-z_][A-Za-z0-9_:]*): "
          + "(migrating|reverting|migrated|reverted)(?: \\((\\d+(?:\\.\\d+)?)s\\))?[ =]*");
  private static final int MAX_ANNOUNCE_CHARS = 1_000;

  private final List<MigratedMigration> migrated = new ArrayList<>();
  private final List<MigratedMigration> reverted = new ArrayList<>();
  private Optional<StartedMigration> current = Optional.empty();
  private Optional<StartedMigration> failing = Optional.empty();
  private RailsErrorBlock errorBlock;
  private String jobFailure;
  private JobOutcome outcome = JobOutcome.UNKNOWN;

  void accept(String line) {
    if (line.contains("== ") && line.length() < MAX_ANNOUNCE_CHARS) {
      Matcher announce = ANNOUNCE.matcher(line);
      if (announce.matches()) {
        onAnnounce(announce);
        return;
      }
    }
    String text = line.strip();
    if (text.equals("Job succeeded")) {
      outcome = JobOutcome.SUCCEEDED;
    } else if (text.startsWith("ERROR: Job failed")) {
      outcome = JobOutcome.FAILED;
      jobFailure = text;
      failCurrent();
    } else {
      if (errorBlock == null && RailsErrorBlock.opens(text)) {
        failCurrent();
        errorBlock = new RailsErrorBlock(failing.map(StartedMigration::version));
      }
      if (errorBlock != null) {
        errorBlock.accept(line);
      }
    }
  }

  /** Follows a log read from part-way through, where {@code running} had started and not finished. */
  void resumeWithin(Optional<StartedMigration> running) {
    current = running;
  }

  /**
   * The migrations finished since the last call, forgotten once handed out, so that following a log of any length
   * keeps none of them: for a follower, not for {@link #snapshot()}, which no longer lists them.
   */
  List<MigratedMigration> drainMigrated() {
    List<MigratedMigration> finished = List.copyOf(migrated);
    migrated.clear();
    return finished;
  }

  /** The migration running when the lines so far end, if any (empty once the job ended or a migration failed). */
  Optional<StartedMigration> running() {
    return outcome == JobOutcome.UNKNOWN ? current : Optional.empty();
  }

  MigrationLog snapshot() {
    Optional<LogError> error = Optional.ofNullable(errorBlock).map(RailsErrorBlock::error)
        .or(() -> Optional.ofNullable(jobFailure).map(line -> new LogError(LogError.UNKNOWN_CLASS, line)));
    Optional<PostMigrateFile> backtraceFile = Optional.ofNullable(errorBlock).flatMap(RailsErrorBlock::backtraceFile);
    Optional<StartedMigration> failedOne = failing.or(() -> backtraceFile.map(MigrationLogTracker::startedFrom));
    Optional<FailedMigration> failed = failedOne.flatMap(migration -> error.map(e ->
        new FailedMigration(migration.version(), migration.className(), e.errorClass(), e.message())));
    return new MigrationLog(
        migrated,
        reverted,
        running(),
        failed,
        failing.flatMap(StartedMigration::database),
        backtraceFile,
        error,
        outcome);
  }

  /**
   * A log that starts after the failed migration's announce line (a tail, a trimmed log) still names it in the
   * backtrace; its class is then the one Rails loads from the file name.
   */
  private static StartedMigration startedFrom(PostMigrateFile file) {
    return new StartedMigration(file.version(), file.className(), Optional.empty());
  }

  private void onAnnounce(Matcher announce) {
    Optional<String> database = Optional.ofNullable(announce.group(1));
    String version = announce.group(2);
    String className = announce.group(3);
    switch (announce.group(4)) {
      case "migrating", "reverting" -> current = Optional.of(new StartedMigration(version, className, database));
      case "migrated" -> finished(migrated, version, className, database, announce.group(5));
      default -> finished(reverted, version, className, database, announce.group(5));
    }
  }

  private void finished(List<MigratedMigration> into, String version, String className, Optional<String> database,
      String seconds) {
    into.add(new MigratedMigration(version, className, database, seconds == null ? 0 : Double.parseDouble(seconds)));
    if (current.filter(running -> running.version().equals(version)).isPresent()) {
      current = Optional.empty();
    }
  }

  /** The migration running when an error shows up is the one that failed; only the first failure counts. */
  private void failCurrent() {
    if (failing.isEmpty()) {
      failing = current;
    }
    current = Optional.empty();
  }
}
