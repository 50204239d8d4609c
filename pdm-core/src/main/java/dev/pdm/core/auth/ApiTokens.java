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
    if (presented == null || presented.isBlank()) {
      return Optional.empty();
    }
    Optional<Caller> found = Optional.empty();
    for (ApiToken token : tokens) {
      if (TokenHash.matches(token.hash(), presented) && found.isEmpty()) {
        found = Optional.of(new Caller(token.name(), token.role()));
      }
    }
    return found;
  }

  public boolean isEmpty() {
    return tokens.isEmpty();
  }
}
