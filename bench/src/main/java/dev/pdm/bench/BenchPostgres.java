package dev.pdm.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/**
 * An external PostgreSQL for pdm (its {@code database.url}), started by the benchmark in its own processes, as a
 * production pdm's database would be: durable settings (fsync and synchronous commit on), loopback only. It keeps
 * commit timestamps, so that a benchmark can time from the commit of a state change ({@link #committedAt}).
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
        .setServerConfig("track_commit_timestamp", "on")
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

  /** When the transaction that stored the run's event {@code seq} committed, by this machine's clock. */
  Instant committedAt(String runId, long seq) throws SQLException {
    return eventTimes(runId, seq).committed();
  }

  /**
   * The moments of one stored event, by this machine's clock: pdm built it ({@code at} in the event, pdm's clock),
   * the transaction storing it started (the row's {@code at}, PostgreSQL's {@code now()}), and it committed.
   */
  record EventTimes(Instant built, Instant transactionStarted, Instant committed) {
  }

  EventTimes eventTimes(String runId, long seq) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl());
        PreparedStatement query = connection.prepareStatement("SELECT (payload->'event'->>'at')::timestamptz, at,"
            + " pg_xact_commit_timestamp(xmin) FROM run_events WHERE run_id = ?::uuid AND seq = ?")) {
      query.setString(1, runId);
      query.setLong(2, seq);
      try (ResultSet row = query.executeQuery()) {
        if (!row.next()) {
          throw new SQLException("no event " + seq + " of run " + runId);
        }
        return new EventTimes(instant(row, 1), instant(row, 2), instant(row, 3));
      }
    }
  }

  private static Instant instant(ResultSet row, int column) throws SQLException {
    java.time.OffsetDateTime time = row.getObject(column, java.time.OffsetDateTime.class);
    return time == null ? null : time.toInstant();
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
