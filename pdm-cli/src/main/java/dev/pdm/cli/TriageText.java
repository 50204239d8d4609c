package dev.pdm.cli;

import dev.pdm.cli.text.TerminalText;
import dev.pdm.core.triage.FailedMigration;
import dev.pdm.core.triage.MigratedMigration;
import dev.pdm.core.triage.MigrationLog;
import java.util.Locale;
import java.util.Optional;

/** The human form of {@code pdm triage}: the failure first, then what migrated, then how the job ended. */
final class TriageText {
  private static final String RED = "\u001b[1;31m";
  private static final String GREEN = "\u001b[32m";
  private static final String RESET = "\u001b[0m";
  private static final String NEWLINE = System.lineSeparator();

  private TriageText() {
  }

  static String render(MigrationLog log, Optional<String> file, boolean colour) {
    StringBuilder out = new StringBuilder();
    log.failed().ifPresentOrElse(
        failed -> failure(out, failed, log.failedDatabase(), file, colour),
        () -> out.append("No failed migration.").append(NEWLINE));
    log.current().ifPresent(running -> out.append("Still running when the log ends: ")
        .append(clean(running.version())).append(' ').append(clean(running.className()))
        .append(running.database().map(db -> " (" + clean(db) + ")").orElse("")).append(NEWLINE));
    out.append(NEWLINE).append("Migrated (").append(log.migrated().size()).append("):").append(NEWLINE);
    for (MigratedMigration migration : log.migrated()) {
      out.append("  ").append(paint(clean(migration.version()), GREEN, colour)).append(' ')
          .append(clean(migration.className())).append("  ")
          .append(String.format(Locale.ROOT, "%.4fs", migration.seconds()))
          .append(migration.database().map(db -> " (" + clean(db) + ")").orElse("")).append(NEWLINE);
    }
    out.append(NEWLINE).append("Job: ").append(log.jobOutcome().name().toLowerCase(Locale.ROOT)).append(NEWLINE);
    return out.toString();
  }

  private static void failure(StringBuilder out, FailedMigration failed, Optional<String> database, Optional<String> file,
      boolean colour) {
    out.append(paint("Failed: " + clean(failed.version()) + " " + clean(failed.className()), RED, colour))
        .append(database.map(db -> " (" + clean(db) + ")").orElse("")).append(NEWLINE);
    out.append("  file:  ").append(file.map(TerminalText::clean).orElse("(unknown)")).append(NEWLINE);
    out.append("  error: ").append(clean(failed.errorClass())).append(": ")
        .append(clean(failed.errorMessage()).replace("\n", NEWLINE + "         ")).append(NEWLINE);
  }

  /** A job log is anyone's text: no escape sequence of it reaches the terminal. */
  private static String clean(String text) {
    return TerminalText.clean(text);
  }

  private static String paint(String text, String colourCode, boolean colour) {
    return colour ? colourCode + text + RESET : text;
  }
}
