package dev.pdm.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.config.PdmConfig.ApiToken;
import dev.pdm.core.config.PdmConfig.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiTokensTest {

  @Test
  void aHashMatchesOnlyItsOwnToken() {
    String hash = TokenHash.create("s3cret-token");

    assertThat(hash).matches("sha256:[0-9a-f]{32}:[0-9a-f]{64}").doesNotContain("s3cret");
    assertThat(TokenHash.matches(hash, "s3cret-token")).isTrue();
    assertThat(TokenHash.matches(hash, "s3cret-tokeN")).isFalse();
    assertThat(TokenHash.matches(hash, "")).isFalse();
  }

  @Test
  void theSameTokenHashesDifferentlyEachTime() {
    assertThat(TokenHash.create("t")).isNotEqualTo(TokenHash.create("t"));
  }

  @Test
  void malformedHashesMatchNothing() {
    assertThat(TokenHash.matches("plain", "plain")).isFalse();
    assertThat(TokenHash.matches("sha256:zz:zz", "x")).isFalse();
    assertThat(TokenHash.matches("md5:00:00", "x")).isFalse();
  }

  @Test
  void aPresentedTokenIsMappedToItsCallerAndRole() {
    ApiTokens tokens = new ApiTokens(List.of(
        new ApiToken("alice", Role.OPERATOR, TokenHash.create("alice-token")),
        new ApiToken("dashboard", Role.VIEWER, TokenHash.create("viewer-token"))));

    assertThat(tokens.authenticate("alice-token")).contains(new Caller("alice", Role.OPERATOR));
    assertThat(tokens.authenticate("viewer-token")).contains(new Caller("dashboard", Role.VIEWER));
    assertThat(tokens.authenticate("viewer-token").orElseThrow().isOperator()).isFalse();
    assertThat(tokens.authenticate("nobody")).isEmpty();
    assertThat(tokens.authenticate(null)).isEmpty();
  }
}
