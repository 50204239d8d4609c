package dev.pdm.server.api;

import dev.pdm.core.auth.ApiTokens;
import dev.pdm.core.auth.Caller;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every API call names its caller with {@code Authorization: Bearer <token>}, or, from the web page, with the
 * {@value #COOKIE} cookie holding a session id from {@code POST /api/v1/session}: 401 without a valid one. A
 * state-changing call authenticated by the cookie must also carry {@value #CSRF_HEADER} (a browser sends no custom
 * header cross-site without a CORS preflight, which pdm never grants). A client address that failed to authenticate
 * {@code auth.failed_attempts_per_minute} times gets 429 for the rest of the minute, whatever it presents. The caller
 * is left on the context for the handlers and the audit trail; {@link #operatorsOnly()} turns viewers away with 403.
 */
public final class Authentication implements Handler<RoutingContext> {
  /** The web page's session cookie: a random session id, out of reach of scripts (HttpOnly, SameSite=Strict). */
  public static final String COOKIE = "pdm_session";
  /** The header that proves a cookie-authenticated request comes from pdm's own page. */
  public static final String CSRF_HEADER = "X-PDM-CSRF";
  private static final Logger LOG = LoggerFactory.getLogger(Authentication.class);
  private static final String CALLER = "pdm.caller";
  private static final String SESSION = "pdm.session";
  private final ApiTokens tokens;
  private final Sessions sessions;
  private final PerMinuteLimit failures;
  private final boolean trustForwarded;

  public Authentication(ApiTokens tokens, Sessions sessions, PerMinuteLimit failures, boolean trustForwarded) {
    this.tokens = tokens;
    this.sessions = sessions;
    this.failures = failures;
    this.trustForwarded = trustForwarded;
  }

  /** The caller {@link Authentication} let through. */
  public static Caller caller(RoutingContext ctx) {
    return ctx.get(CALLER);
  }

  /** The id of the session the request was authenticated with, when it came with the cookie. */
  static Optional<String> session(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(SESSION));
  }

  @Override
  public void handle(RoutingContext ctx) {
    String address = ClientAddress.of(ctx, trustForwarded);
    if (refusedForFailures(ctx, address)) {
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    Optional<String> bearer = Optional.ofNullable(header)
        .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(h -> h.substring(7).trim());
    if (bearer.isPresent()) {
      Optional<Caller> caller = tokens.authenticate(bearer.get());
      if (caller.isEmpty()) {
        failed(address);
        unauthorized(ctx, "the token is not one of pdm's API tokens");
        return;
      }
      proceed(ctx, caller.get());
      return;
    }
    Optional<String> cookie = Optional.ofNullable(ctx.request().getCookie(COOKIE)).map(c -> c.getValue());
    if (cookie.isEmpty()) {
      unauthorized(ctx, "authentication required: send Authorization: Bearer <token>");
      return;
    }
    // The session is looked up in the database: hold the body until a body handler (or nobody) wants it.
    ctx.request().pause();
    sessions.caller(cookie.get()).onComplete(found -> {
      if (found.failed()) {
        LOG.warn("could not look a session up: {}", found.cause().getMessage());
        ctx.request().resume();
        ApiReplies.error(ctx, 503, "sessions cannot be read right now; try again");
        return;
      }
      if (found.result().isEmpty()) {
        ctx.request().resume();
        unauthorized(ctx, "your session ended: sign in again");
        return;
      }
      if (changesState(ctx) && ctx.request().getHeader(CSRF_HEADER) == null) {
        ctx.request().resume();
        ApiReplies.error(ctx, 403, "a request signed in by cookie must carry the " + CSRF_HEADER + " header");
        return;
      }
      ctx.put(SESSION, cookie.get());
      if (!changesState(ctx) || !hasBody(ctx.request())) {
        ctx.request().resume();
      }
      proceed(ctx, found.result().get());
    });
  }

  /** 429 (and true) when {@code address} used up its failed authentications for this minute. */
  boolean refusedForFailures(RoutingContext ctx, String address) {
    Optional<Duration> wait = failures.exhausted(address);
    wait.ifPresent(w -> ApiReplies.tooMany(ctx, w, "too many failed authentications from " + address));
    return wait.isPresent();
  }

  /** Counts a failed authentication of {@code address}. */
  void failed(String address) {
    if (failures.count(address)) {
      LOG.warn("{} failed to authenticate {} times within a minute: refused until the minute is over", address,
          failures.limit());
    }
  }

  String address(RoutingContext ctx) {
    return ClientAddress.of(ctx, trustForwarded);
  }

  private static void proceed(RoutingContext ctx, Caller caller) {
    ctx.put(CALLER, caller);
    ctx.next();
  }

  private static void unauthorized(RoutingContext ctx, String message) {
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"pdm\"");
    ApiReplies.json(ctx, 401, new JsonObject().put("message", message));
  }

  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    return request.getHeader("Transfer-Encoding") != null || length != null && !length.strip().equals("0");
  }

  /** Whether the request may change something (a state-changing method); pdm's reads take no body. */
  static boolean changesState(RoutingContext ctx) {
    String method = ctx.request().method().name();
    return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
  }

  /** 403 unless the caller is an operator. */
  public static Handler<RoutingContext> operatorsOnly() {
    return ctx -> {
      Caller caller = caller(ctx);
      if (caller == null || !caller.isOperator()) {
        ApiReplies.error(ctx, 403, "this needs an operator token; "
            + (caller == null ? "no caller" : caller.name() + " is a viewer"));
        return;
      }
      ctx.next();
    };
  }
}
