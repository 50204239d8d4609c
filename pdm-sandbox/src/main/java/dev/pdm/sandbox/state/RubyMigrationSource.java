package dev.pdm.sandbox.state;

import dev.pdm.sandbox.scenario.PostMigrateFile;
import dev.pdm.sandbox.scenario.Scenario.ScenarioOperation;
import java.util.List;
import java.util.regex.Pattern;

/** The Ruby source GitLab would hold for a post-migrate file with these operations. */
final class RubyMigrationSource {
  /** Calls that change data; GitLab requires such migrations to name the schema they touch. */
  private static final Pattern DATA_CHANGE = Pattern.compile(
      "(?i)^(?:execute\\(\\s*[\"']\\s*(?:UPDATE|DELETE|INSERT)|queue_batched_background_migration|each_batch"
          + "|update_column_in_batches|delete_batched_background_migration)");

  private RubyMigrationSource() {
  }

  static String of(String path, List<ScenarioOperation> operations) {
    return PostMigrateFile.parse(path).map(file -> {
      StringBuilder body = new StringBuilder();
      operations.forEach(o -> body.append("    ").append(o.call()).append('\n'));
      if (operations.isEmpty()) {
        body.append("    # no-op\n");
      }
      return "# frozen_string_literal: true\n\n"
          + "class " + file.className() + " < Gitlab::Database::Migration[2.2]\n"
          + "  milestone '17.6'\n"
          + "  disable_ddl_transaction!\n\n"
          + (changesData(operations) ? "  restrict_gitlab_migration gitlab_schema: :gitlab_main\n\n" : "")
          + "  def up\n" + body + "  end\n\n"
          + "  def down\n    # no-op\n  end\nend\n";
    }).orElse("# " + path + "\n");
  }

  private static boolean changesData(List<ScenarioOperation> operations) {
    return operations.stream().anyMatch(o -> DATA_CHANGE.matcher(o.call().strip()).find());
  }
}
