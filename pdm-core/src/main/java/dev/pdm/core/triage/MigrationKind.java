package dev.pdm.core.triage;

/** Whether a migration changes the schema (DDL) or the data (DML), which decides the mitigation. */
public enum MigrationKind {
  DDL("Schema change (DDL): check what it left behind (a half-built INVALID index, a table or column that now"
      + " exists), then make the migration a no-op, or idempotent, in a follow-up merge request; retry only when a"
      + " person records why it is safe."),
  DML("Data change (DML): data may be half-migrated, so never retry it blindly. Verify or repair the data by hand,"
      + " then mark the migration complete (insert its version into schema_migrations), or make it a no-op and ship a"
      + " corrected migration; a retry needs a person to record why it is safe."),
  UNKNOWN("Kind unknown: read the migration to tell whether it changes the schema or the data before choosing between"
      + " making it a no-op and marking it complete; do not retry it without a recorded reason.");

  private final String suggestedMitigation;

  MigrationKind(String suggestedMitigation) {
    this.suggestedMitigation = suggestedMitigation;
  }

  /** What a release manager can do about a failed migration of this kind (pdm never retries one automatically). */
  public String suggestedMitigation() {
    return suggestedMitigation;
  }
}
