package dev.pdm.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TokenStrengthTest {

  @Test
  void aRandomTokenOfSixteenBytesOrMoreIsStrongEnough() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);

    assertThat(TokenStrength.estimatedBits(HexFormat.of().formatHex(bytes))).isGreaterThanOrEqualTo(128);
    assertThat(TokenStrength.estimatedBits("pdm_5b0e7f2c9a1d4e8b3f6a0c2d7e9b1f4a8c3e5d7b9a1f2e4c"))
        .isGreaterThanOrEqualTo(128);
  }

  @Test
  void wordsRepetitionsAndShortTokensAreWeak() {
    assertThat(TokenStrength.estimatedBits("sandbox-token")).isLessThan(128);
    assertThat(TokenStrength.estimatedBits("a".repeat(200))).isLessThan(10);
    assertThat(TokenStrength.estimatedBits("correct-horse".repeat(10))).isLessThan(128);
    assertThat(TokenStrength.estimatedBits("1234567890123456789012345678901234567890")).isLessThan(128);
    assertThat(TokenStrength.estimatedBits("")).isZero();
  }
}
