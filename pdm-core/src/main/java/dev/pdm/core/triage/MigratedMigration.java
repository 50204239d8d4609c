package dev.pdm.core.triage;

import java.util.Optional;

/**
 * A migration a job log shows finished ({@code migrated (1.2345s)}, or {@code reverted} when rolled back).
 *
 * @param version   the migration version
 * @param className the migration's Ruby class name
 * @param database  the database it ran on ({@code main}, {@code ci}, ...) when the log prefixes lines with one
 * @param seconds   the duration Rails printed
 */
public record MigratedMigration(String version, String className, Optional<String> database, double seconds) {
}
