package dev.pdm.core.pending;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.migrations.PostMigrateFile;
import java.util.ArrayList;
import java.util.List;
import org.gitlab4j.api.models.CompareResults;
import org.gitlab4j.api.models.Diff;
import org.junit.jupiter.api.Test;

class PendingDiffTest {

  private static Diff diff(String oldPath, String newPath, boolean added, boolean renamed, boolean deleted) {
    Diff diff = new Diff();
    diff.setOldPath(oldPath);
    diff.setNewPath(newPath);
    diff.setNewFile(added);
    diff.setRenamedFile(renamed);
    diff.setDeletedFile(deleted);
    return diff;
  }

  private static List<String> pendingPaths(List<String> notes, Diff... diffs) {
    CompareResults comparison = new CompareResults();
    comparison.setDiffs(List.of(diffs));
    return PendingMigrations.added(comparison, notes).stream().map(PostMigrateFile::path).toList();
  }

  @Test
  void aFileAddedUnderPostMigrateIsPendingOldestVersionFirst() {
    String later = "db/post_migrate/20240202000000_backfill_users.rb";
    String earlier = "db/post_migrate/20240101000000_add_index.rb";

    assertThat(pendingPaths(new ArrayList<>(), diff(later, later, true, false, false),
        diff(earlier, earlier, true, false, false), diff("db/migrate/20240101000001_x.rb", "db/migrate/20240101000001_x.rb",
            true, false, false))).containsExactly(earlier, later);
  }

  @Test
  void aDeletedMigrationIsNotPendingAndIsNoted() {
    List<String> notes = new ArrayList<>();
    String gone = "db/post_migrate/20240101000000_add_index.rb";

    assertThat(pendingPaths(notes, diff(gone, gone, false, false, true))).isEmpty();
    assertThat(notes).containsExactly(gone + " was deleted: it is not pending.");
  }

  @Test
  void aRenameKeepingTheVersionIsNotPendingButANewVersionIs() {
    String old = "db/post_migrate/20240101000000_add_index.rb";

    assertThat(pendingPaths(new ArrayList<>(),
        diff(old, "db/post_migrate/20240101000000_add_index_on_email.rb", false, true, false),
        diff("db/post_migrate/20240102000000_drop_x.rb", "db/post_migrate/20240303000000_drop_x.rb", false, true, false),
        diff("db/migrate/20240404000000_move_me.rb", "db/post_migrate/20240404000000_move_me.rb", false, true, false)))
        .containsExactly("db/post_migrate/20240303000000_drop_x.rb", "db/post_migrate/20240404000000_move_me.rb");
  }

  @Test
  void aChangedMigrationThatAlreadyRanIsNotPendingAgain() {
    List<String> notes = new ArrayList<>();
    String changed = "db/post_migrate/20240101000000_add_index.rb";

    assertThat(pendingPaths(notes, diff(changed, changed, false, false, false))).isEmpty();
    assertThat(notes).containsExactly(changed + " was changed after it ran: it is not pending again.");
  }

  @Test
  void aTimedOutCompareIsNoted() {
    CompareResults comparison = new CompareResults();
    comparison.setCompareTimeout(true);
    List<String> notes = new ArrayList<>();

    PendingMigrations.added(comparison, notes);

    assertThat(notes).containsExactly("GitLab's compare timed out: the list of pending migrations may be incomplete.");
  }
}
