package dev.pdm.core.triage;

import java.util.List;

/**
 * A migration's kind and the calls that decided it.
 *
 * <p>A migration with both schema and data changes is {@link MigrationKind#DML}: once data may be half-migrated, that
 * is what the mitigation must take care of; {@link #mixed()} tells such migrations apart.
 *
 * @param kind     DML when any data change was found, DDL when only schema changes were, UNKNOWN when neither
 * @param evidence the calls found, in source order
 */
public record MigrationClassification(MigrationKind kind, List<KindEvidence> evidence) {
  /** Copies the evidence, so a classification never changes. */
  public MigrationClassification {
    evidence = List.copyOf(evidence);
  }

  /** Whether the migration changes both the schema and the data. */
  public boolean mixed() {
    return evidence.stream().map(KindEvidence::kind).distinct().count() > 1;
  }

  /** What a release manager can do about a failure of this migration, without retrying it blindly. */
  public String suggestedMitigation() {
    if (mixed()) {
      return kind.suggestedMitigation() + " It also changes the schema: check which of its schema changes were applied"
          + " (e.g. an INVALID index) before deciding.";
    }
    return kind.suggestedMitigation();
  }
}
