package dev.pdm.core.pending;

import java.util.List;

/**
 * The post-deploy migrations pending on an environment.
 *
 * @param project     the canonical project
 * @param environment the environment, e.g. {@code gprd}
 * @param fromSha     what the database has run up to ({@code db/<env>} deployment or the baseline)
 * @param baseline    where {@code fromSha} came from
 * @param toSha       the package running on the environment ({@code <env>} deployment)
 * @param migrations  the pending migrations, oldest version first
 * @param notes       anything a reader should know (baseline used, compare truncated, files changed after running)
 */
public record PendingReport(String project, String environment, String fromSha, Baseline baseline, String toSha,
                            List<PendingMigration> migrations, List<String> notes) {

  /** Copies the lists. */
  public PendingReport {
    migrations = List.copyOf(migrations);
    notes = List.copyOf(notes);
  }

  /** Whether anything is pending. */
  public boolean anyPending() {
    return !migrations.isEmpty();
  }
}
