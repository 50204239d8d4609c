/**
 * Failure triage: the streaming job-log parser (what migrated, what runs, what failed and why), the DDL/DML
 * classification of a migration's source, and the lookup from a failure to its file, commit, merge request and people.
 * The parser and classifier are pure (no I/O, no GitLab); only the lookup may use {@code dev.pdm.core.gitlab}.
 */
package dev.pdm.core.triage;
