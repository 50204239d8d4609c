package dev.pdm.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/** The stored form of an API token, {@code sha256:<salt hex>:<hex sha256(salt bytes + token)>}. */
public final class TokenHash {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private TokenHash() {
  }

  /** Hashes {@code token} with a fresh random salt. */
  public static String create(String token) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return "sha256:" + HEX.formatHex(salt) + ":" + HEX.formatHex(digest(salt, token));
  }

  /** Whether {@code token} is the one {@code hash} was made from; compares in constant time. */
  public static boolean matches(String hash, String token) {
    return parse(hash).map(parts -> MessageDigest.isEqual(parts[1], digest(parts[0], token))).orElse(false);
  }

  /** A short, one-way name for a configured hash: what a session keeps to tell the token was not changed since. */
  public static String fingerprint(String hash) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(hash.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
    }
  }

  private static Optional<byte[][]> parse(String hash) {
    String[] parts = hash.split(":");
    if (parts.length != 3 || !parts[0].equals("sha256")) {
      return Optional.empty();
    }
    try {
      return Optional.of(new byte[][] {HEX.parseHex(parts[1]), HEX.parseHex(parts[2])});
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static byte[] digest(byte[] salt, String token) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt);
      return sha.digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
    }
  }
}
