package dev.pdm.core.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MigrationKindClassifierTest {
  @Test
  void classifiesAnIndexMigrationAsDdlWithTheCallThatShowsIt() {
    String source = """
        # frozen_string_literal: true

        class AddIndexOnCIBuilds < Gitlab::Database::Migration[2.2]
          disable_ddl_transaction!

          def up
            add_concurrent_index :ci_builds, :token, name: INDEX_NAME
          end

          def down
            remove_concurrent_index_by_name :ci_builds, INDEX_NAME
          end
        end
        """;

    MigrationClassification classification = MigrationKindClassifier.classify(source);

    assertThat(classification.kind()).isEqualTo(MigrationKind.DDL);
    assertThat(classification.evidence()).containsExactly(new KindEvidence(MigrationKind.DDL, "add_concurrent_index", 7));
  }

  @Test
  void classifiesABatchedBackgroundMigrationAsDml() {
    String source = """
        class QueueBackfillThings < Gitlab::Database::Migration[2.2]
          restrict_gitlab_migration gitlab_schema: :gitlab_main

          def up
            queue_batched_background_migration(MIGRATION, :things, :id, job_interval: DELAY_INTERVAL)
          end

          def down
            delete_batched_background_migration(MIGRATION, :things, :id, [])
          end
        end
        """;

    MigrationClassification classification = MigrationKindClassifier.classify(source);

    assertThat(classification.kind()).isEqualTo(MigrationKind.DML);
    assertThat(classification.evidence()).extracting(KindEvidence::call)
        .containsExactly("restrict_gitlab_migration", "queue_batched_background_migration");
  }

  @Test
  void classifiesAnUpdateStatementAsDml() {
    String source = up("""
        execute("UPDATE project_settings SET has_vulnerabilities = true WHERE ...")
        """);

    assertThat(MigrationKindClassifier.classify(source).evidence())
        .containsExactly(new KindEvidence(MigrationKind.DML, "execute(UPDATE ...)", 3));
  }

  @Test
  void classifiesSchemaSqlInAHeredocAsDdl() {
    String source = up("""
        execute <<~SQL
          CREATE TABLE security_policy_requirements (id bigserial PRIMARY KEY);
        SQL
        """);

    assertThat(MigrationKindClassifier.classify(source).kind()).isEqualTo(MigrationKind.DDL);
  }

  @Test
  void classifiesABatchedUpdateAsDml() {
    String source = up("""
        Thing.where(flag: nil).each_batch(of: 1000) do |batch|
          batch.update_all(flag: false)
        end
        """);

    assertThat(MigrationKindClassifier.classify(source).evidence()).extracting(KindEvidence::call)
        .containsExactly("each_batch", "update_all");
  }

  @Test
  void classifiesAMigrationChangingSchemaAndDataAsDmlAndSaysItIsMixed() {
    String source = up("""
        add_column :things, :flag, :boolean
        Thing.update_all(flag: false)
        """);

    MigrationClassification classification = MigrationKindClassifier.classify(source);

    assertThat(classification.kind()).isEqualTo(MigrationKind.DML);
    assertThat(classification.mixed()).isTrue();
    assertThat(classification.suggestedMitigation()).contains("mark the migration complete").contains("schema");
  }

  @Test
  void ignoresCallsInComments() {
    String source = """
        class NoOp < Gitlab::Database::Migration[2.2]
          # add_index :things, :id was here; see #123
          def up; end
        end
        """;

    assertThat(MigrationKindClassifier.classify(source).kind()).isEqualTo(MigrationKind.UNKNOWN);
  }

  @Test
  void doesNotMistakeATableNameForACall() {
    String source = up("""
        Gitlab::Database::PartitioningMigrationHelpers.name(:update_all_things)
        """);

    assertThat(MigrationKindClassifier.classify(source).kind()).isEqualTo(MigrationKind.UNKNOWN);
  }

  @Test
  void findsAStatementInterpolatedIntoAHeredoc() {
    String source = up("""
        execute(<<~SQL)
          DELETE FROM #{table} WHERE project_id IS NULL
        SQL
        """);

    assertThat(MigrationKindClassifier.classify(source).kind()).isEqualTo(MigrationKind.DML);
  }

  /**
   * Crafted sources that made the former regular expressions backtrack quadratically (80 KB took 7 s, 1 MB minutes):
   * a megabyte of each is classified well within the limit, which is generous for a loaded machine.
   */
  @ParameterizedTest
  @ValueSource(strings = {"add_", "remove_index", "execute ", "execute(\"", "execute <<", "x.update_all ",
      "def down\n", "# add_index\n", "execute('WITH "})
  void classifiesAMegabyteOfAdversarialSourceInLinearTime(String piece) {
    String source = "class Crafted < Gitlab::Database::Migration[2.2]\n  def up\n    "
        + piece.repeat(1024 * 1024 / piece.length()) + "\n  end\nend\n";
    assertThat(source.length()).isGreaterThan(1_000_000);

    MigrationClassification classification = assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> MigrationKindClassifier.classify(source));

    assertThat(classification.evidence()).hasSizeLessThanOrEqualTo(2 * MigrationKindClassifier.MAX_EVIDENCE_PER_KIND);
  }

  @Test
  void keepsTheKindButBoundsTheEvidenceOfAFileFullOfCalls() {
    String source = up("add_column :t, :c, :int\n".repeat(50) + "Thing.update_all(a: 1)\n");

    MigrationClassification classification = MigrationKindClassifier.classify(source);

    assertThat(classification.kind()).isEqualTo(MigrationKind.DML);
    assertThat(classification.mixed()).isTrue();
    assertThat(classification.evidence()).hasSize(MigrationKindClassifier.MAX_EVIDENCE_PER_KIND + 1);
    assertThat(classification.evidence().get(MigrationKindClassifier.MAX_EVIDENCE_PER_KIND).line()).isEqualTo(53);
  }

  @Test
  void classifiesOnlyTheUpMethodAndTheWithStatementThatWrites() {
    String source = """
        class Both < Gitlab::Database::Migration[2.2]
          def up
            execute("WITH moved AS (DELETE FROM a RETURNING *) SELECT 1")
            remove_foreign_key_if_exists :a, :b
          end

          def down
            Thing.update_all(x: 1)
          end
        end
        """;

    assertThat(MigrationKindClassifier.classify(source).evidence()).containsExactly(
        new KindEvidence(MigrationKind.DML, "execute(WITH ...)", 3),
        new KindEvidence(MigrationKind.DDL, "remove_foreign_key_if_exists", 4));
  }

  /** A migration whose {@code up} method has {@code body}. */
  private static String up(String body) {
    return "class SomeMigration < Gitlab::Database::Migration[2.2]\n  def up\n"
        + body.indent(4) + "  end\nend\n";
  }

  @Test
  void suggestsANoOpForASchemaChange() {
    assertThat(MigrationKind.DDL.suggestedMitigation()).contains("no-op");
  }

  @Test
  void suggestsMarkingADataChangeCompleteAndNeverABlindRetry() {
    assertThat(MigrationKind.DML.suggestedMitigation()).contains("mark the migration complete").contains("never retry");
  }
}
