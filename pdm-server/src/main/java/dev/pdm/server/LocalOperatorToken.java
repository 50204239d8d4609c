package dev.pdm.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The operator token of a pdm run without {@code auth.tokens}: made on first start, kept in the data directory
 * (readable by its owner only) so that it survives restarts, and never printed: pdm prints where it is.
 */
final class LocalOperatorToken {
  static final String FILE = "operator-token";

  private LocalOperatorToken() {
  }

  static String loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      }
      Files.createDirectories(dataDir);
      byte[] bytes = new byte[24];
      new SecureRandom().nextBytes(bytes);
      String token = "pdm_" + HexFormat.of().formatHex(bytes);
      Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("could not keep the operator token in " + file + ": " + e.getMessage(), e);
    }
  }
}
