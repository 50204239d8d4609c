package dev.pdm.core.auth;

import dev.pdm.core.config.PdmConfig.ApiToken;
import java.util.List;
import java.util.Optional;

/** The configured API tokens; finds the caller a presented token belongs to. */
public final class ApiTokens {
  private final List<ApiToken> tokens;

  public ApiTokens(List<ApiToken> tokens) {
    this.tokens = List.copyOf(tokens);
  }

  /** The caller whose token this is, if any. Every stored hash is tried, so timing does not tell which matched. */
  public Optional<Caller> authenticate(String presented) {
    return find(presented).map(ApiTokens::caller);
  }

  /** The configured token {@code presented} is, if any; every stored hash is tried, whichever matches. */
  public Optional<ApiToken> find(String presented) {
    if (presented == null || presented.isBlank()) {
      return Optional.empty();
    }
    Optional<ApiToken> found = Optional.empty();
    for (ApiToken token : tokens) {
      if (TokenHash.matches(token.hash(), presented) && found.isEmpty()) {
        found = Optional.of(token);
      }
    }
    return found;
  }

  /**
   * The caller of a session opened with the token named {@code name} whose hash had {@code fingerprint}, while that
   * token is still configured unchanged: removing or replacing a token ends the sessions opened with it.
   */
  public Optional<Caller> stillConfigured(String name, String fingerprint) {
    return tokens.stream()
        .filter(t -> t.name().equals(name) && TokenHash.fingerprint(t.hash()).equals(fingerprint))
        .findFirst().map(ApiTokens::caller);
  }

  private static Caller caller(ApiToken token) {
    return new Caller(token.name(), token.role());
  }

  public boolean isEmpty() {
    return tokens.isEmpty();
  }
}
