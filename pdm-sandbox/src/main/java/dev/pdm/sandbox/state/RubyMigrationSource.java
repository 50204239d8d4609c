package dev.pdm.sandbox.state;

import dev.pdm.sandbox.scenario.PostMigrateFile;
import dev.pdm.sandbox.scenario.Scenario.ScenarioOperation;
import java.util.List;

/** The Ruby source GitLab would hold for a post-migrate file with these operations. */
final class RubyMigrationSource {
  private RubyMigrationSource() {
  }

  static String of(String path, List<ScenarioOperation> operations) {
    return PostMigrateFile.parse(path).map(file -> {
      StringBuilder body = new StringBuilder();
      operations.forEach(o -> body.append("    ").append(o.call()).append('\n'));
      return "# frozen_string_literal: true\n\n"
          + "class " + file.className() + " < Gitlab::Database::Migration[2.2]\n"
          + "  milestone '17.6'\n"
          + "  disable_ddl_transaction!\n\n"
          + "  restrict_gitlab_migration gitlab_schema: :gitlab_main\n\n"
          + "  def up\n" + body + "  end\n\n"
          + "  def down\n    # no-op\n  end\nend\n";
    }).orElse("# " + path + "\n");
  }
}
