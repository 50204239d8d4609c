package dev.pdm.server.testing;

import dev.pdm.server.store.DatabaseUrl;
import dev.pdm.server.store.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one way tests get a PostgreSQL: {@code PDM_TEST_DATABASE_URL} if set; else a Testcontainers PostgreSQL when a
 * Docker engine answers; else an embedded PostgreSQL. One server per test JVM; each caller gets its own database.
 */
public final class TestDatabase {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static DatabaseUrl server;

  private TestDatabase() {
  }

  /** A new, empty database on the shared test server. */
  public static synchronized DatabaseUrl fresh() {
    DatabaseUrl admin = server();
    String name = "pdm_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
         Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test database " + name + " on " + admin, e);
    }
    return admin.withDatabase(name);
  }

  private static DatabaseUrl server() {
    if (server == null) {
      server = fromEnvironment().or(TestDatabase::fromDocker).orElseGet(TestDatabase::embedded);
    }
    return server;
  }

  private static Optional<DatabaseUrl> fromEnvironment() {
    String url = System.getenv("PDM_TEST_DATABASE_URL");
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(DatabaseUrl.parse(url));
  }

  private static Optional<DatabaseUrl> fromDocker() {
    // Asking Testcontainers with no engine at all costs seconds of probing; a missing socket answers at once.
    boolean socket = Files.exists(Path.of("/var/run/docker.sock")) || System.getenv("DOCKER_HOST") != null;
    if (!socket || !DockerClientFactory.instance().isDockerAvailable()) {
      return Optional.empty();
    }
    @SuppressWarnings("resource")
    PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
    container.start();
    return Optional.of(new DatabaseUrl(container.getHost(), container.getFirstMappedPort(),
        container.getDatabaseName(), container.getUsername(), container.getPassword()));
  }

  private static DatabaseUrl embedded() {
    try {
      Path dir = Files.createTempDirectory("pdm-test-pg");
      EmbeddedDatabase db = EmbeddedDatabase.start(dir);
      Runtime.getRuntime().addShutdownHook(new Thread(db::close));
      return db.url();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
