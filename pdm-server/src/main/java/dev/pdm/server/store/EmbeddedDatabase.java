package dev.pdm.server.store;

import dev.pdm.core.config.PrivateFile;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run by pdm itself, with its data in {@code <data-dir>/postgres} so that it survives restarts.
 * It is private to pdm: it listens on the loopback interface only, has no Unix socket, and every connection must
 * authenticate with scram-sha-256 as {@code postgres} with a random password kept in
 * {@code <data-dir>/}{@value #PASSWORD_FILE} (mode 0600). Whoever else runs on the host cannot connect, so cannot insert
 * commands pdm would execute with its GitLab token, rewrite the audit trail or run programs as pdm. A data directory
 * made by an older pdm (which trusted every local connection) is given the password on its first start.
 *
 * <p>Blocking: start it before the event loops need it, never on one. Production should use {@code database.url}.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  /** The file, in pdm's data directory, holding the {@code postgres} user's password. */
  public static final String PASSWORD_FILE = "postgres-password";
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private static final String SUPERUSER = "postgres";
  private final EmbeddedPostgres postgres;
  private final String password;

  private EmbeddedDatabase(EmbeddedPostgres postgres, String password) {
    this.postgres = postgres;
    this.password = password;
  }

  /** Starts (creating on first use) the database cluster under {@code dataDir}. */
  public static EmbeddedDatabase start(Path dataDir) {
    Path root = dataDir.toAbsolutePath().normalize();
    Path pgData = root.resolve("postgres");
    Path passwordFile = root.resolve(PASSWORD_FILE);
    try {
      PrivateFile.privateDirectory(root);
      Files.createDirectories(pgData);
      StalePostmaster.stopIfRunning(pgData);
      boolean fresh = !Files.exists(pgData.resolve("postgresql.conf"));
      Optional<String> known = PrivateFile.read(passwordFile);
      String password = known.orElseGet(() -> {
        String made = newPassword();
        PrivateFile.create(passwordFile, made + "\n");
        return made;
      });
      if (!fresh && known.isEmpty()) {
        closeTheTrustingCluster(pgData, password);
      }
      EmbeddedPostgres postgres = builder(pgData, password)
          // initdb takes the last --auth it is given: this one, not the library's "-A trust".
          .setLocaleConfig("auth", "scram-sha-256")
          .setLocaleConfig("pwfile", passwordFile.toString())
          .setDataDirectoryCustomizer(dir -> writeAccessRules(dir.toPath()))
          .start();
      LOG.info("embedded PostgreSQL started on 127.0.0.1:{} (password authentication only) with data in {}",
          postgres.getPort(), pgData);
      return new EmbeddedDatabase(postgres, password);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL in " + pgData + ": " + e.getMessage(), e);
    }
  }

  /**
   * A data directory from a pdm that let every local connection in: started once as it is, its superuser is given
   * the password, its access rules are replaced, and it is stopped again before being started for real.
   */
  private static void closeTheTrustingCluster(Path pgData, String password) throws IOException {
    LOG.warn("the embedded PostgreSQL in {} accepted any local connection without a password; giving it one", pgData);
    try (EmbeddedPostgres trusting = builder(pgData, password).start();
         Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + trusting.getPort() + "/postgres",
             SUPERUSER, password);
         Statement s = c.createStatement()) {
      s.execute("SET password_encryption = 'scram-sha-256'");
      s.execute("ALTER ROLE " + SUPERUSER + " WITH PASSWORD '" + password + "'");
    } catch (SQLException e) {
      throw new IOException("could not set the password of the embedded PostgreSQL: " + e.getMessage(), e);
    }
    writeAccessRules(pgData);
  }

  private static EmbeddedPostgres.Builder builder(Path pgData, String password) {
    return EmbeddedPostgres.builder()
        .setDataDirectory(pgData)
        .setCleanDataDirectory(false)
        .setRegisterShutdownHook(false)
        .setPGStartupWait(Duration.ofSeconds(60))
        .setConnectConfig("password", password)
        .setServerConfig("max_connections", "200")
        // The library tunes for throwaway test databases (fsync off); pdm's records must survive a crash.
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .setServerConfig("listen_addresses", "localhost")
        .setServerConfig("unix_socket_directories", "")
        .setServerConfig("password_encryption", "scram-sha-256");
  }

  /** pg_hba.conf as pdm wants it, whatever was there: loopback TCP only, always with the password. */
  private static void writeAccessRules(Path pgData) {
    try {
      Files.writeString(pgData.resolve("pg_hba.conf"), """
          # Written by pdm at each start: only pdm, with the password in its data directory, may connect.
          # TYPE  DATABASE  USER  ADDRESS       METHOD
          host    all       all   127.0.0.1/32  scram-sha-256
          host    all       all   ::1/128       scram-sha-256
          """, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the access rules of " + pgData + ": " + e.getMessage(), e);
    }
  }

  private static String newPassword() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public DatabaseUrl url() {
    return new DatabaseUrl("127.0.0.1", postgres.getPort(), "postgres", SUPERUSER, password);
  }

  @Override
  public void close() {
    try {
      postgres.close();
      LOG.info("embedded PostgreSQL stopped");
    } catch (IOException e) {
      LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
  }
}
