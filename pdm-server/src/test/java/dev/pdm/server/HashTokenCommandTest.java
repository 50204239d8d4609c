package dev.pdm.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.auth.TokenHash;
import dev.pdm.server.testing.ServerMainRun;
import org.junit.jupiter.api.Test;

/** {@code hash-token} hashes strong tokens only, unless told to accept a weak one. */
class HashTokenCommandTest {

  private static ServerMainRun hashToken(String stdin, String... flags) {
    String[] args = new String[flags.length + 1];
    args[0] = "hash-token";
    System.arraycopy(flags, 0, args, 1, flags.length);
    return ServerMainRun.of(stdin, args);
  }

  @Test
  void refusesATokenUnderOneHundredTwentyEightBits() {
    ServerMainRun run = hashToken("sandbox-token\n");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("bits of entropy", "--generate", "--allow-weak").doesNotContain("sandbox-token");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void hashesAWeakTokenWhenAllowed() {
    ServerMainRun run = hashToken("sandbox-token\n", "--allow-weak");

    assertThat(run.exitCode()).isZero();
    assertThat(TokenHash.matches(run.out().strip(), "sandbox-token")).isTrue();
  }

  @Test
  void hashesAStrongToken() {
    String token = "pdm_5b0e7f2c9a1d4e8b3f6a0c2d7e9b1f4a8c3e5d7b9a1f2e4c";

    ServerMainRun run = hashToken(token + "\n");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(TokenHash.matches(run.out().strip(), token)).isTrue();
  }
}
