package dev.pdm.server;

import dev.pdm.core.config.PrivateFile;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The operator token of a pdm run without {@code auth.tokens}: made on first start, kept in the data directory as a
 * {@link PrivateFile} (0600 from its creation, never a symbolic link, owned by pdm's user) so that it survives
 * restarts, and never printed: pdm prints where it is. A file there that is not private is refused, not used.
 */
final class LocalOperatorToken {
  static final String FILE = "operator-token";

  private LocalOperatorToken() {
  }

  static String loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    return PrivateFile.read(file).filter(token -> !token.isEmpty()).orElseGet(() -> {
      byte[] bytes = new byte[24];
      new SecureRandom().nextBytes(bytes);
      String token = "pdm_" + HexFormat.of().formatHex(bytes);
      PrivateFile.create(file, token + "\n");
      return token;
    });
  }
}
