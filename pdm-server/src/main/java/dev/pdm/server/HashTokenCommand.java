package dev.pdm.server;

import dev.pdm.core.auth.TokenHash;
import dev.pdm.core.auth.TokenStrength;
import java.io.PrintWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pdm-server hash-token}: turns an API token into the salted hash that {@code auth.tokens[].hash} wants. The
 * token is read from standard input, never from the command line, so it stays out of shell history. A token whose
 * estimated strength ({@link TokenStrength}) is under 128 bits is refused unless {@code --allow-weak} is given: the
 * hash is only as good as what it hides.
 */
@Command(name = "hash-token", mixinStandardHelpOptions = true,
    description = "Reads an API token on standard input and prints its hash for auth.tokens[].hash.")
final class HashTokenCommand implements Callable<Integer> {

  @Option(names = "--generate", description = "Make a new random token (192 bits); print it, then its hash.")
  boolean generate;

  @Option(names = "--allow-weak", description = "Hash a token estimated under 128 bits of entropy all the same.")
  boolean allowWeak;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String token;
    if (generate) {
      byte[] bytes = new byte[24];
      new SecureRandom().nextBytes(bytes);
      token = "pdm_" + HexFormat.of().formatHex(bytes);
      out.println("token: " + token);
    } else {
      token = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (token == null || token.isBlank()) {
        err.println("hash-token: expected the token on standard input, e.g. echo \"$TOKEN\" | pdm-server hash-token");
        return 2;
      }
      token = token.strip();
      long bits = Math.round(Math.floor(TokenStrength.estimatedBits(token)));
      if (bits < TokenStrength.MINIMUM_BITS && !allowWeak) {
        err.println("hash-token: this token is estimated at " + bits + " bits of entropy, under the "
            + TokenStrength.MINIMUM_BITS + " a token that can start production migrations needs; make one with"
            + " 'pdm-server hash-token --generate' (or give --allow-weak to hash it all the same)");
        return 2;
      }
    }
    out.println((generate ? "hash:  " : "") + TokenHash.create(token));
    out.flush();
    return 0;
  }
}
