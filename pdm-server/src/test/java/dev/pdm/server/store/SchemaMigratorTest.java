package dev.pdm.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.server.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaMigratorTest {

  @Test
  void migratesAFreshDatabaseToTheCurrentSchema() throws SQLException {
    DatabaseUrl url = TestDatabase.fresh();

    String version = SchemaMigrator.migrate(url);

    assertThat(version).isNotBlank();
    assertThat(tables(url)).contains("runs", "run_events", "audit_log", "run_leases", "pdm_schema_history");
  }

  @Test
  void migratingAgainChangesNothing() throws SQLException {
    DatabaseUrl url = TestDatabase.fresh();
    String first = SchemaMigrator.migrate(url);
    List<String> before = tables(url);

    String second = SchemaMigrator.migrate(url);

    assertThat(second).isEqualTo(first);
    assertThat(tables(url)).isEqualTo(before);
  }

  @Test
  void theDatabaseAllowsOneActiveRunPerPlan() throws SQLException {
    DatabaseUrl url = TestDatabase.fresh();
    SchemaMigrator.migrate(url);
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
      String insert = "INSERT INTO runs (id, plan_id, status, requested_by, state) "
          + "VALUES (gen_random_uuid(), 'default', 'running', 'alice', '{}')";
      c.createStatement().execute(insert);
      try {
        c.createStatement().execute(insert);
        throw new AssertionError("a second active run was accepted");
      } catch (SQLException e) {
        assertThat(e.getSQLState()).isEqualTo("23505");
      }
    }
  }

  private static List<String> tables(DatabaseUrl url) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
         ResultSet rs = c.createStatement().executeQuery(
             "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    return tables;
  }
}
