package dev.pdm.core.triage;

/**
 * The error a job log reports, e.g. {@code PG::DuplicateTable} / {@code ERROR:  relation "x" already exists}.
 *
 * @param errorClass the innermost {@code PG::} class when there is one, else the innermost exception class, else
 *                   {@link #UNKNOWN_CLASS}
 * @param message    the error's message, possibly several lines (PostgreSQL's {@code DETAIL}, {@code CONTEXT}, SQL)
 */
public record LogError(String errorClass, String message) {
  /** The error class reported when the log names none (e.g. the runner killed the job on timeout). */
  public static final String UNKNOWN_CLASS = "unknown";
}
