package dev.pdm.server.testing;

import dev.pdm.core.auth.ApiTokens;
import dev.pdm.core.auth.TokenHash;
import dev.pdm.core.config.ConfigLoader;
import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.config.PdmConfig.ApiToken;
import dev.pdm.core.config.PdmConfig.Role;
import dev.pdm.server.api.Authentication;
import dev.pdm.server.api.PerMinuteLimit;
import dev.pdm.server.api.Sessions;
import dev.pdm.server.store.SessionStore;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Configurations for tests: pdm's defaults on a random port, with one operator and one viewer token. */
public final class TestConfig {
  public static final String OPERATOR_TOKEN = "test-operator-token";
  public static final String VIEWER_TOKEN = "test-viewer-token";

  private TestConfig() {
  }

  public static PdmConfig onRandomPort() {
    return onRandomPort(Map.of());
  }

  /** The defaults on a random port with some keys set, e.g. {@code auth.session_idle_minutes -> 5}. */
  public static PdmConfig onRandomPort(Map<String, String> keys) {
    Map<String, String> flags = new java.util.HashMap<>(keys);
    flags.put("server.port", "0");
    flags.put("server.host", "127.0.0.1");
    return ConfigLoader.load(Optional.empty(), Map.of(), flags);
  }

  /** The API's authentication with the test tokens, sessions kept in {@code pool}'s database. */
  public static Authentication authentication(Pool pool) {
    PdmConfig config = onRandomPort();
    return new Authentication(tokens(), new Sessions(new SessionStore(pool), tokens(), Clock.systemUTC(),
        config.auth()), new PerMinuteLimit(config.auth().failedAttemptsPerMinute(), Clock.systemUTC()), false);
  }

  public static ApiTokens tokens() {
    return new ApiTokens(tokenList());
  }

  public static List<ApiToken> tokenList() {
    return List.of(
        new ApiToken("test-operator", Role.OPERATOR, TokenHash.create(OPERATOR_TOKEN)),
        new ApiToken("test-viewer", Role.VIEWER, TokenHash.create(VIEWER_TOKEN)));
  }
}
