package dev.pdm.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The parts of a {@code postgresql://user:password@host:port/database} URL. Parsing never quotes the URL in an
 * error, since it holds a password: a malformed URL is described, never shown.
 */
public record DatabaseAddress(String host, int port, String database, String user, String password) {
  /** What a valid URL looks like, for error messages. */
  public static final String EXPECTED = "a postgresql://user:password@host:port/database URL";

  /** Parses {@code url}; throws {@link IllegalArgumentException} with a message that holds no part of it. */
  public static DatabaseAddress parse(String url) {
    if (!(url.startsWith("postgresql://") || url.startsWith("postgres://"))) {
      throw new IllegalArgumentException("database.url: expected " + EXPECTED + " (got ******)");
    }
    URI uri;
    try {
      uri = new URI(url.replaceFirst("^postgres(ql)?://", "postgresql://"));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("database.url: expected " + EXPECTED + "; characters such as @ : / ? # in"
          + " the password must be percent-encoded (got ****** with a syntax error at character " + e.getIndex()
          + ")");
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    if (uri.getHost() == null || path.isEmpty()) {
      throw new IllegalArgumentException("database.url: expected " + EXPECTED + " with a host and a database"
          + " (got ******)");
    }
    String userInfo = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo();
    int colon = userInfo.indexOf(':');
    String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
    String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
    return new DatabaseAddress(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), path,
        user.isEmpty() ? "postgres" : user, password);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("database.url: expected " + EXPECTED + " with valid %-escapes in the user"
          + " and password (got ******)");
    }
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }
}
