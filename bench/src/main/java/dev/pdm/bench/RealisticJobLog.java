package dev.pdm.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a GitLab job log of {@code gitlab-rake db:migrate} as a Runner 17 with {@code FF_TIMESTAMPS} stores it:
 * timestamp prefixes, ANSI colours, collapsible sections, {@code main:}/{@code ci:} prefixes, batched data migrations
 * with progress lines, and a failure with Rails' error block at the end.
 */
final class RealisticJobLog {
  /** The version of the migration that fails at the end of the log. */
  static final String FAILING_VERSION = "20991231235959";
  static final String FAILING_CLASS = "CreateSecurityPolicyRequirementsTable";

  private static final String ESC = "\u001b";
  private static final int BATCH_LINES_PER_MIGRATION = 40;

  private final long targetBytes;
  private long written;
  private long seconds;
  private int migrations;

  private RealisticJobLog(long targetBytes) {
    this.targetBytes = targetBytes;
  }

  /** Writes a log of about {@code targetBytes} to {@code path}; returns how many migrations finished in it. */
  static int write(Path path, long targetBytes) throws IOException {
    RealisticJobLog log = new RealisticJobLog(targetBytes);
    try (Writer out = new BufferedWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8), 1 << 16)) {
      log.writeTo(out);
    }
    return log.migrations;
  }

  private void writeTo(Writer out) throws IOException {
    line(out, ESC + "[0KRunning with gitlab-runner 17.5.0 (66a723c3)" + ESC + "[0;m");
    line(out, ESC + "[0Ksection_start:1704067200:prepare_executor\r" + ESC + "[0K" + ESC
        + "[0K" + ESC + "[36;1mPreparing the \"docker+machine\" executor" + ESC + "[0;m");
    line(out, ESC + "[0Ksection_end:1704067201:prepare_executor\r" + ESC + "[0K");
    line(out, ESC + "[0Ksection_start:1704067202:step_script\r" + ESC + "[0K" + ESC + "[0K" + ESC
        + "[36;1mExecuting \"step_script\" stage of the job script" + ESC + "[0;m");
    line(out, ESC + "[32;1m$ gitlab-rake db:migrate" + ESC + "[0;m");
    long endOfMigrations = targetBytes - 4_096;
    for (int n = 0; written < endOfMigrations; n++) {
      migration(out, n);
    }
    failure(out);
  }

  private void migration(Writer out, int n) throws IOException {
    String database = n % 3 == 2 ? "ci" : "main";
    String version = String.format(Locale.ROOT, "2024%010d", n);
    String className = "BackfillNamespaceSettingsColumnNumber" + n;
    line(out, database + ": == " + version + " " + className + ": " + ESC + "[32mmigrating" + ESC + "[0m "
        + "=".repeat(20));
    line(out, database + ": -- add_concurrent_index(:namespace_settings, :column_" + n
        + ", {:name=>\"index_namespace_settings_on_column_" + n + "\", :algorithm=>:concurrently})");
    line(out, database + ":    -> 0.0123s");
    for (int batch = 0; batch < BATCH_LINES_PER_MIGRATION; batch++) {
      line(out, database + ": -- execute(\"UPDATE namespace_settings SET column_" + n + " = " + ESC + "[1mtrue"
          + ESC + "[0m WHERE id BETWEEN " + batch * 1000 + " AND " + (batch * 1000 + 999) + "\")");
      line(out, database + ":    -> 0.0" + (batch % 10) + "41s");
    }
    line(out, database + ": == " + version + " " + className + ": " + ESC + "[1;32mmigrated" + ESC
        + "[0;m (1.2345s) " + "=".repeat(12));
    migrations++;
  }

  private void failure(Writer out) throws IOException {
    line(out, "main: == " + FAILING_VERSION + " " + FAILING_CLASS + ": migrating ============");
    line(out, "main: -- create_table(:security_policy_requirements, {})");
    line(out, ESC + "[31;1mrake aborted!" + ESC + "[0;m");
    line(out, "StandardError: An error has occurred, all later migrations canceled:");
    line(out, "");
    line(out, "PG::DuplicateTable: ERROR:  relation \"security_policy_requirements\" already exists");
    line(out, "/opt/gitlab/embedded/service/gitlab-rails/db/post_migrate/" + FAILING_VERSION
        + "_create_security_policy_requirements_table.rb:9:in `change'");
    line(out, "");
    line(out, "Caused by:");
    line(out, "ActiveRecord::StatementInvalid: PG::DuplicateTable: ERROR:  relation \"security_policy_requirements\""
        + " already exists");
    line(out, "Tasks: TOP => db:migrate");
    line(out, "(See full trace by running task with --trace)");
    line(out, ESC + "[0Ksection_end:1704070000:step_script\r" + ESC + "[0K");
    line(out, ESC + "[31;1mERROR: Job failed: exit code 1" + ESC + "[0;m");
  }

  private void line(Writer out, String text) throws IOException {
    seconds++;
    String prefix = String.format(Locale.ROOT, "2024-01-01T%02d:%02d:%02d.%06dZ 01O ",
        (seconds / 3600) % 24, (seconds / 60) % 60, seconds % 60, seconds % 1_000_000);
    out.write(prefix);
    out.write(text);
    out.write('\n');
    written += prefix.length() + text.length() + 1;
  }
}
