package dev.pdm.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The {@code sessions} table: web page sessions by the SHA-256 of their id (the id itself is only in the browser's
 * cookie). Every replica reads the same table, so a session opened on one works on all.
 */
public final class SessionStore {
  private final Pool pool;

  public SessionStore(Pool pool) {
    this.pool = pool;
  }

  /** A stored session: whose token opened it, and its times. */
  public record StoredSession(String tokenName, String tokenFingerprint, Instant createdAt, Instant lastUsedAt,
      Instant expiresAt) {
  }

  /** Stores a new session under the hash of {@code id}. */
  public Future<Void> create(String id, String tokenName, String tokenFingerprint, Instant now, Instant expiresAt) {
    return pool.preparedQuery("INSERT INTO sessions (id_hash, token_name, token_fingerprint, created_at, last_used_at,"
            + " expires_at) VALUES ($1, $2, $3, $4, $4, $5)")
        .execute(Tuple.of(hash(id), tokenName, tokenFingerprint, at(now), at(expiresAt))).mapEmpty();
  }

  public Future<Optional<StoredSession>> find(String id) {
    return pool.preparedQuery("SELECT token_name, token_fingerprint, created_at, last_used_at, expires_at FROM sessions"
            + " WHERE id_hash = $1")
        .execute(Tuple.of(hash(id)))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(session(rows.iterator().next())));
  }

  /** Records that the session was used at {@code now}. */
  public Future<Void> touch(String id, Instant now) {
    return pool.preparedQuery("UPDATE sessions SET last_used_at = $2 WHERE id_hash = $1")
        .execute(Tuple.of(hash(id), at(now))).mapEmpty();
  }

  public Future<Void> delete(String id) {
    return pool.preparedQuery("DELETE FROM sessions WHERE id_hash = $1").execute(Tuple.of(hash(id))).mapEmpty();
  }

  /** Deletes the sessions that expired by {@code now} or were last used before {@code idleSince}. */
  public Future<Integer> deleteEnded(Instant now, Instant idleSince) {
    return pool.preparedQuery("DELETE FROM sessions WHERE expires_at <= $1 OR last_used_at < $2")
        .execute(Tuple.of(at(now), at(idleSince))).map(rows -> rows.rowCount());
  }

  private static StoredSession session(Row row) {
    return new StoredSession(row.getString("token_name"), row.getString("token_fingerprint"),
        row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("last_used_at").toInstant(),
        row.getOffsetDateTime("expires_at").toInstant());
  }

  private static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  /** The stored form of a session id. */
  static String hash(String id) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
    }
  }
}
