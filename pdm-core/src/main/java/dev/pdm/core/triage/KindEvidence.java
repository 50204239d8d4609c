package dev.pdm.core.triage;

/**
 * One call in a migration's source that tells what kind of change it makes.
 *
 * @param kind the kind the call points to ({@link MigrationKind#DDL} or {@link MigrationKind#DML})
 * @param call the call, e.g. {@code add_concurrent_index} or {@code execute(UPDATE ...)}
 * @param line the 1-based line of the source it is on
 */
public record KindEvidence(MigrationKind kind, String call, int line) {
}
