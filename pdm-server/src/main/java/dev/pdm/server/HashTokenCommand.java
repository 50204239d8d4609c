package dev.pdm.server;

import dev.pdm.core.auth.TokenHash;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pdm-server hash-token}: turns an API token into the salted hash that {@code auth.tokens[].hash} wants. The
 * token is read from standard input, never from the command line, so it stays out of shell history.
 */
@Command(name = "hash-token", mixinStandardHelpOptions = true,
    description = "Reads an API token on standard input and prints its hash for auth.tokens[].hash.")
final class HashTokenCommand implements Callable<Integer> {

  @Option(names = "--generate", description = "Make a new random token; print it, then its hash.")
  boolean generate;

  @Override
  public Integer call() throws IOException {
    String token;
    if (generate) {
      byte[] bytes = new byte[24];
      new SecureRandom().nextBytes(bytes);
      token = "pdm_" + HexFormat.of().formatHex(bytes);
      System.out.println("token: " + token);
    } else {
      token = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (token == null || token.isBlank()) {
        System.err.println("hash-token: expected the token on standard input, e.g. echo \"$TOKEN\" | pdm-server hash-token");
        return 2;
      }
      token = token.strip();
    }
    System.out.println((generate ? "hash:  " : "") + TokenHash.create(token));
    return 0;
  }
}
