package dev.pdm.core.triage;

/**
 * The migration a {@code db:migrate} job log says failed, with Rails' error.
 *
 * @param version      the 14-digit migration version
 * @param className    the migration's Ruby class name
 * @param errorClass   e.g. {@code PG::DuplicateTable}
 * @param errorMessage e.g. {@code ERROR:  relation "x" already exists}
 */
public record FailedMigration(String version, String className, String errorClass, String errorMessage) {
}
