package dev.pdm.core.triage;

import java.util.Optional;

/**
 * A migration a job log shows started ({@code migrating} or {@code reverting}) and not yet finished.
 *
 * @param version   the migration version
 * @param className the migration's Ruby class name
 * @param database  the database it runs on ({@code main}, {@code ci}, ...) when the log prefixes lines with one
 */
public record StartedMigration(String version, String className, Optional<String> database) {
}
