package dev.pdm.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A pending migration's risk from its source, before it runs. */
class MigrationRiskClassifierTest {
  private final MigrationRiskClassifier classifier = new MigrationRiskClassifier(List.of("issues", "project_settings"));

  private static String migration(String... up) {
    return "class Example < Gitlab::Database::Migration[2.2]\n  disable_ddl_transaction!\n\n  def up\n    "
        + String.join("\n    ", up) + "\n  end\n\n  def down\n    remove_column :issues, :x\n  end\nend\n";
  }

  @Test
  void anIndexBuiltConcurrentlyIsNotFlagged() {
    MigrationRisk risk = classifier.classify(migration("add_concurrent_index :issues, :closed_at, name: 'idx'"));

    assertThat(risk.kind()).isEqualTo(RiskKind.INDEX_CONCURRENTLY);
    assertThat(risk.risky()).isFalse();
    assertThat(risk.evidence()).singleElement().satisfies(e -> {
      assertThat(e.line()).isEqualTo(5);
      assertThat(e.table()).contains("issues");
    });
  }

  @Test
  void anIndexWithAlgorithmConcurrentlyIsAConcurrentIndexToo() {
    assertThat(classifier.classify(migration("add_index(:issues, :closed_at, {:algorithm=>:concurrently})")).kind())
        .isEqualTo(RiskKind.INDEX_CONCURRENTLY);
  }

  @Test
  void ddlThatLocksAnExistingTableIsFlaggedAndDdlOnATableItCreatesIsNot() {
    MigrationRisk locking = classifier.classify(migration("remove_column :merge_requests, :merge_jid_legacy"));
    MigrationRisk created = classifier.classify(migration("create_table :archive do |t|", "end",
        "add_index :archive, :project_id"));

    assertThat(locking.kind()).isEqualTo(RiskKind.DDL);
    assertThat(locking.flags()).containsExactly("takes a lock on the existing table merge_requests (remove_column, line 5)");
    assertThat(created.kind()).isEqualTo(RiskKind.DDL);
    assertThat(created.risky()).isFalse();
  }

  @Test
  void aQueuedBatchedBackgroundMigrationIsItsOwnKind() {
    MigrationRisk risk = classifier.classify(migration(
        "queue_batched_background_migration('BackfillIssueLinksNamespaceId', :issue_links, :id, job_interval: 2.minutes)"));

    assertThat(risk.kind()).isEqualTo(RiskKind.BATCHED_BACKGROUND_MIGRATION);
    assertThat(risk.evidence().get(0).table()).contains("issue_links");
    assertThat(risk.risky()).isFalse();
  }

  @Test
  void aDataChangeOnALargeTableIsFlaggedAndOnASmallOneIsNot() {
    MigrationRisk large = classifier.classify(migration("execute(\"UPDATE project_settings SET x = false\")"));
    MigrationRisk small = classifier.classify(migration("execute('DELETE FROM tmp_backfill WHERE id < 10')"));

    assertThat(large.kind()).isEqualTo(RiskKind.DML);
    assertThat(large.flags()).singleElement().asString().contains("changes data on the large table project_settings");
    assertThat(small.kind()).isEqualTo(RiskKind.DML);
    assertThat(small.evidence().get(0).table()).contains("tmp_backfill");
    assertThat(small.risky()).isFalse();
  }

  @Test
  void nothingRecognisedIsOther() {
    MigrationRisk risk = classifier.classify(migration("# no-op"));

    assertThat(risk.kind()).isEqualTo(RiskKind.OTHER);
    assertThat(risk.evidence()).isEmpty();
  }

  @Test
  void aHugeSourceIsClassifiedInLinearTime() {
    String line = "update_column_in_batches(:issues, :x, 1) # " + "a".repeat(200) + "\n    ";
    String source = migration(line.repeat(2_000));

    long started = System.nanoTime();
    MigrationRisk risk = classifier.classify(source);

    assertThat(risk.kind()).isEqualTo(RiskKind.DML);
    assertThat(System.nanoTime() - started).as("classifying %d characters", source.length()).isLessThan(20_000_000_000L);
  }
}
