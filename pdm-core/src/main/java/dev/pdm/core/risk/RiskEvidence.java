package dev.pdm.core.risk;

import java.util.Optional;

/**
 * One call of a migration's {@code up} and what it means for running it.
 *
 * @param kind  what the call does
 * @param call  the call, e.g. {@code add_index} or {@code execute(UPDATE ...)}
 * @param line  its 1-based line
 * @param text  the source line, trimmed
 * @param table the table it acts on, when the line names one
 * @param flag  why the runbook calls it risky, when it does
 */
public record RiskEvidence(RiskKind kind, String call, int line, String text, Optional<String> table, Optional<String> flag) {
}
