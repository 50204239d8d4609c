package dev.pdm.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL is pdm's alone: another local client, without pdm's password, is refused. */
class EmbeddedDatabaseTest {
  @TempDir
  Path dir;

  @Test
  void aSecondLocalClientWithoutThePasswordIsRefused() throws Exception {
    try (EmbeddedDatabase database = EmbeddedDatabase.start(dir)) {
      DatabaseUrl url = database.url();

      assertThatThrownBy(() -> connect(url.port(), "postgres", null)).isInstanceOf(SQLException.class)
          .hasMessageContaining("password");
      assertThatThrownBy(() -> connect(url.port(), "postgres", "guess")).isInstanceOf(SQLException.class)
          .hasMessageContaining("password authentication failed");
      try (Connection pdm = connect(url.port(), url.user(), url.password());
           Statement s = pdm.createStatement()) {
        assertThat(setting(s, "unix_socket_directories")).as("no Unix socket").isEmpty();
        assertThat(setting(s, "listen_addresses")).isEqualTo("localhost");
        assertThat(setting(s, "password_encryption")).isEqualTo("scram-sha-256");
      }
    }
    Path password = dir.resolve(EmbeddedDatabase.PASSWORD_FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(password))).isEqualTo("rw-------");
    assertThat(Files.readString(password).strip()).hasSizeGreaterThanOrEqualTo(40);
  }

  @Test
  void aRestartKeepsThePasswordAndTheData() throws Exception {
    String password;
    try (EmbeddedDatabase database = EmbeddedDatabase.start(dir);
         Connection c = connect(database.url().port(), "postgres", database.url().password());
         Statement s = c.createStatement()) {
      password = database.url().password();
      s.execute("CREATE TABLE kept (n int)");
    }
    try (EmbeddedDatabase again = EmbeddedDatabase.start(dir);
         Connection c = connect(again.url().port(), "postgres", again.url().password());
         Statement s = c.createStatement()) {
      assertThat(again.url().password()).isEqualTo(password);
      assertThat(s.executeQuery("SELECT count(*) FROM kept").next()).isTrue();
      assertThatThrownBy(() -> connect(again.url().port(), "postgres", null)).isInstanceOf(SQLException.class);
    }
  }

  @Test
  void aDataDirectoryThatTrustedEveryoneGetsAPasswordAndKeepsItsData() throws Exception {
    Path pgData = dir.resolve("postgres");
    try (EmbeddedPostgres trusting = EmbeddedPostgres.builder().setDataDirectory(pgData)
        .setCleanDataDirectory(false).setRegisterShutdownHook(false).start();
         Connection c = connect(trusting.getPort(), "postgres", null);
         Statement s = c.createStatement()) {
      s.execute("CREATE TABLE runs_of_old (n int)");
    }

    try (EmbeddedDatabase database = EmbeddedDatabase.start(dir)) {
      int port = database.url().port();
      assertThatThrownBy(() -> connect(port, "postgres", null)).isInstanceOf(SQLException.class)
          .hasMessageContaining("password");
      try (Connection c = connect(port, "postgres", database.url().password());
           Statement s = c.createStatement()) {
        assertThat(s.executeQuery("SELECT count(*) FROM runs_of_old").next()).isTrue();
      }
    }
    assertThat(Files.readString(pgData.resolve("pg_hba.conf"))).doesNotContain("trust");
  }

  private static Connection connect(int port, String user, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (password != null) {
      properties.setProperty("password", password);
    }
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", properties);
  }

  private static String setting(Statement s, String name) throws SQLException {
    try (ResultSet rows = s.executeQuery("SHOW " + name)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
