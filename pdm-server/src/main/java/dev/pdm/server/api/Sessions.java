package dev.pdm.server.api;

import dev.pdm.core.auth.ApiTokens;
import dev.pdm.core.auth.Caller;
import dev.pdm.core.auth.TokenHash;
import dev.pdm.core.config.PdmConfig;
import dev.pdm.server.store.SessionStore;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Web page sessions: a random id in the cookie (never the token), kept server-side as a hash with the token it was
 * opened with. A session ends at sign-out, {@code auth.session_max_age_minutes} after sign-in, after
 * {@code auth.session_idle_minutes} unused, or as soon as its token is no longer configured as it was.
 */
public final class Sessions {
  private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
  /** 32 random bytes, base64url without padding. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{43}");
  /** Last-use times are written at most this often: an active page costs a write a minute, not one a request. */
  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
  private final SecureRandom random = new SecureRandom();
  private final SessionStore store;
  private final ApiTokens tokens;
  private final Clock clock;
  private final Duration maxAge;
  private final Duration idle;

  public Sessions(SessionStore store, ApiTokens tokens, Clock clock, PdmConfig.Auth auth) {
    this.store = store;
    this.tokens = tokens;
    this.clock = clock;
    this.maxAge = Duration.ofMinutes(auth.sessionMaxAgeMinutes());
    this.idle = Duration.ofMinutes(auth.sessionIdleMinutes());
  }

  /** Opens a session for {@code token}; its id, for the cookie. Ended sessions are cleared on the way. */
  public Future<String> open(PdmConfig.ApiToken token) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = clock.instant();
    return store.deleteEnded(now, now.minus(idle))
        .compose(cleared -> store.create(id, token.name(), TokenHash.fingerprint(token.hash()), now, now.plus(maxAge)))
        .map(id);
  }

  /** The caller of a live session; empty (and the session deleted) when it ended or never existed. */
  public Future<Optional<Caller>> caller(String id) {
    if (!ID.matcher(id).matches()) {
      return Future.succeededFuture(Optional.empty());
    }
    Instant now = clock.instant();
    return store.find(id).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(Optional.empty());
      }
      SessionStore.StoredSession session = found.get();
      Optional<Caller> caller = now.isBefore(session.expiresAt()) && now.isBefore(session.lastUsedAt().plus(idle))
          ? tokens.stillConfigured(session.tokenName(), session.tokenFingerprint()) : Optional.empty();
      if (caller.isEmpty()) {
        LOG.info("session of {} ended (expired, idle, or its token is no longer configured)", session.tokenName());
        return store.delete(id).map(Optional.<Caller>empty());
      }
      Future<Void> touched = session.lastUsedAt().plus(TOUCH_EVERY).isAfter(now) ? Future.succeededFuture()
          : store.touch(id, now);
      return touched.map(caller);
    });
  }

  public Future<Void> close(String id) {
    return ID.matcher(id).matches() ? store.delete(id) : Future.succeededFuture();
  }

  public Duration maxAge() {
    return maxAge;
  }
}
