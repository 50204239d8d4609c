package dev.pdm.server.api;

import dev.pdm.core.auth.ApiTokens;
import dev.pdm.core.auth.Caller;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Every API call names its caller with {@code Authorization: Bearer <token>}, or, from the web page, with the
 * {@value #COOKIE} cookie set by {@code POST /api/v1/session}: 401 without a valid one. A state-changing call
 * authenticated by the cookie must also carry {@value #CSRF_HEADER} (a browser sends no custom header cross-site
 * without a CORS preflight, which pdm never grants). The caller is left on the context for the handlers and the audit
 * trail; {@link #operatorsOnly()} turns viewers away with 403.
 */
public final class Authentication implements Handler<RoutingContext> {
  /** The web page's session cookie; it holds the token, out of reach of scripts (HttpOnly, SameSite=Strict). */
  public static final String COOKIE = "pdm_session";
  /** The header that proves a cookie-authenticated request comes from pdm's own page. */
  public static final String CSRF_HEADER = "X-PDM-CSRF";
  private static final String CALLER = "pdm.caller";
  private final ApiTokens tokens;

  public Authentication(ApiTokens tokens) {
    this.tokens = tokens;
  }

  /** The caller {@link Authentication} let through. */
  public static Caller caller(RoutingContext ctx) {
    return ctx.get(CALLER);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    Optional<String> bearer = Optional.ofNullable(header)
        .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(h -> h.substring(7).trim());
    Optional<String> cookie = bearer.isPresent() ? Optional.empty()
        : Optional.ofNullable(ctx.request().getCookie(COOKIE)).map(c -> c.getValue());
    Optional<Caller> caller = bearer.or(() -> cookie).flatMap(tokens::authenticate);
    if (caller.isPresent() && cookie.isPresent() && changesState(ctx) && ctx.request().getHeader(CSRF_HEADER) == null) {
      ctx.response().setStatusCode(403).putHeader("content-type", "application/json")
          .end(new JsonObject().put("message", "a request signed in by cookie must carry the " + CSRF_HEADER
              + " header").encode());
      return;
    }
    if (caller.isEmpty()) {
      ctx.response().setStatusCode(401)
          .putHeader("WWW-Authenticate", "Bearer realm=\"pdm\"")
          .putHeader("content-type", "application/json")
          .end(new JsonObject().put("message", bearer.isEmpty() && cookie.isEmpty()
              ? "authentication required: send Authorization: Bearer <token>"
              : "the token is not one of pdm's API tokens").encode());
      return;
    }
    ctx.put(CALLER, caller.get());
    ctx.next();
  }

  private static boolean changesState(RoutingContext ctx) {
    String method = ctx.request().method().name();
    return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
  }

  /** 403 unless the caller is an operator. */
  public static Handler<RoutingContext> operatorsOnly() {
    return ctx -> {
      Caller caller = caller(ctx);
      if (caller == null || !caller.isOperator()) {
        ctx.response().setStatusCode(403).putHeader("content-type", "application/json")
            .end(new JsonObject().put("message", "this needs an operator token; "
                + (caller == null ? "no caller" : caller.name() + " is a viewer")).encode());
        return;
      }
      ctx.next();
    };
  }
}
