package dev.pdm.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * An external PostgreSQL for pdm (its {@code database.url}), started by the benchmark in its own processes, as a
 * production pdm's database would be: durable settings (fsync and synchronous commit on), loopback only.
 */
final class BenchPostgres implements AutoCloseable {
  private final EmbeddedPostgres postgres;

  private BenchPostgres(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static BenchPostgres start(Path directory) throws IOException {
    return new BenchPostgres(EmbeddedPostgres.builder()
        .setDataDirectory(directory)
        .setCleanDataDirectory(true)
        .setPGStartupWait(Duration.ofSeconds(60))
        .setServerConfig("max_connections", "200")
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .setServerConfig("listen_addresses", "localhost")
        .start());
  }

  /** pdm's {@code database.url} for it. */
  String url() {
    return "postgresql://postgres:postgres@localhost:" + postgres.getPort() + "/postgres";
  }

  /** Creates an empty database {@code name} (letters, digits, underscores); pdm's {@code database.url} for it. */
  String createDatabase(String name) throws SQLException {
    if (!name.matches("[a-z0-9_]+")) {
      throw new IllegalArgumentException("database name '" + name + "'; expected lower-case letters, digits, _");
    }
    try (Connection connection = DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return "postgresql://postgres:postgres@localhost:" + postgres.getPort() + "/" + name;
  }

  /** A JDBC URL, for a benchmark that reads or prepares the store itself (user and password {@code postgres}). */
  String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
