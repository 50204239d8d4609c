package dev.pdm.server.api;

import dev.pdm.core.auth.ApiTokens;
import dev.pdm.core.auth.Caller;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code /api/v1/session}: the web page signs in with a token once ({@code POST}, which sets the session cookie),
 * asks who it is ({@code GET}) and signs out ({@code DELETE}). Mount {@link #mountSignIn} before
 * {@link Authentication} and {@link #mount} after it.
 */
public final class SessionApi {
  private static final String PATH = "/api/v1/session";
  private final ApiTokens tokens;

  public SessionApi(ApiTokens tokens) {
    this.tokens = tokens;
  }

  /** {@code POST /api/v1/session {"token"}}: the one API call that needs no prior authentication. */
  public void mountSignIn(Router router) {
    router.post(PATH).handler(BodyHandler.create(false).setBodyLimit(4096)).handler(this::signIn);
  }

  public void mount(Router router) {
    router.get(PATH).handler(ctx -> ApiReplies.json(ctx, 200, whoami(Authentication.caller(ctx))));
    router.delete(PATH).handler(ctx -> {
      ctx.response().addCookie(cookie(ctx, "").setMaxAge(0));
      ApiReplies.json(ctx, 200, new JsonObject().put("message", "signed out"));
    });
  }

  private void signIn(RoutingContext ctx) {
    JsonObject body = ApiReplies.body(ctx);
    if (body == null) {
      return;
    }
    Object token = body.getValue("token");
    if (!(token instanceof String text) || text.isBlank()) {
      ApiReplies.invalid(ctx, List.of("token: required (got " + (token == null ? "nothing" : "a non-text value")
          + ")"));
      return;
    }
    Optional<Caller> caller = tokens.authenticate(text.strip());
    if (caller.isEmpty()) {
      ApiReplies.error(ctx, 401, "the token is not one of pdm's API tokens");
      return;
    }
    ctx.response().addCookie(cookie(ctx, text.strip()));
    ApiReplies.json(ctx, 200, whoami(caller.get()));
  }

  private static Cookie cookie(RoutingContext ctx, String value) {
    return Cookie.cookie(Authentication.COOKIE, value).setPath("/").setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT).setSecure(ctx.request().isSSL());
  }

  private static JsonObject whoami(Caller caller) {
    return new JsonObject().put("caller", caller.name()).put("role", caller.role().name().toLowerCase(Locale.ROOT));
  }
}
