package dev.pdm.core.risk;

import java.util.List;

/**
 * A pending migration's kind before it runs, with the lines that show it.
 *
 * @param kind     the most demanding kind its calls show ({@link RiskKind#OTHER} when none)
 * @param evidence the calls found, in source order
 */
public record MigrationRisk(RiskKind kind, List<RiskEvidence> evidence) {

  public MigrationRisk {
    evidence = List.copyOf(evidence);
  }

  /** What the runbook flags: DDL that takes locks on an existing table, data changes on large tables. */
  public List<String> flags() {
    return evidence.stream().flatMap(e -> e.flag().stream()).distinct().toList();
  }

  /** Whether anything in it is flagged. */
  public boolean risky() {
    return !flags().isEmpty();
  }
}
