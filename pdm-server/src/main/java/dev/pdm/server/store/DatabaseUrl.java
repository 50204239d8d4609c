package dev.pdm.server.store;

import dev.pdm.core.config.DatabaseAddress;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Where pdm's PostgreSQL is, in the two forms pdm needs: Vert.x connect options and a JDBC URL for Flyway. Its
 * {@link #toString()} never shows the password.
 */
public record DatabaseUrl(String host, int port, String database, String user, String password) {

  /**
   * Parses {@code postgresql://user:password@host:port/database}; a malformed URL is described without quoting it.
   */
  public static DatabaseUrl parse(String url) {
    DatabaseAddress address = DatabaseAddress.parse(url);
    return new DatabaseUrl(address.host(), address.port(), address.database(), address.user(), address.password());
  }

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions().setHost(host).setPort(port).setDatabase(database).setUser(user)
        .setPassword(password).setReconnectAttempts(0);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** The same server, another database. */
  public DatabaseUrl withDatabase(String name) {
    return new DatabaseUrl(host, port, name, user, password);
  }

  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }
}
