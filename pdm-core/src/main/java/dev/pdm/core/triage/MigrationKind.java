package dev.pdm.core.triage;

/** Whether a migration changes the schema (DDL) or the data (DML), which decides the mitigation. */
public enum MigrationKind {
  DDL,
  DML,
  UNKNOWN
}
