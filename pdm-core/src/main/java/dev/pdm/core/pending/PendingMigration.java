package dev.pdm.core.pending;

import dev.pdm.core.migrations.PostMigrateFile;
import java.util.List;
import java.util.Optional;

/**
 * A post-deploy migration added between the two SHAs, and the merge request that introduced it.
 *
 * @param file         the migration file
 * @param mergeRequest the MR that introduced it, if found
 * @param gaps         what could not be found about its origin
 */
public record PendingMigration(PostMigrateFile file, Optional<MergeRequestRef> mergeRequest, List<String> gaps) {

  /** Copies the gaps. */
  public PendingMigration {
    gaps = List.copyOf(gaps);
  }
}
