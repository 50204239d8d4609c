package dev.pdm.server.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings pdm's own schema to the current version with Flyway (scripts in {@code db/migration}). Blocking. */
public final class SchemaMigrator {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

  private SchemaMigrator() {
  }

  /** Applies pending schema migrations; returns the schema version now in force. */
  public static String migrate(DatabaseUrl url) {
    MigrateResult result = Flyway.configure(SchemaMigrator.class.getClassLoader())
        .dataSource(url.jdbcUrl(), url.user(), url.password())
        .locations("classpath:db/migration")
        .table("pdm_schema_history")
        .load()
        .migrate();
    LOG.info("pdm schema at version {} ({} migrations applied now)", result.targetSchemaVersion == null
        ? result.initialSchemaVersion : result.targetSchemaVersion, result.migrationsExecuted);
    return result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion;
  }
}
