package dev.pdm.server.api;

import dev.pdm.core.auth.ApiTokens;
import dev.pdm.core.auth.Caller;
import dev.pdm.core.config.PdmConfig;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/v1/session}: the web page signs in with a token once ({@code POST}, which opens a server-side session
 * and sets its id in the cookie), asks who it is ({@code GET}) and signs out ({@code DELETE}, which ends the session).
 * Mount {@link #mountSignIn} before {@link Authentication} and {@link #mount} after it.
 *
 * <p>Signing in is guarded against login CSRF (another site signing a victim's browser into an attacker's session):
 * it needs {@code Content-Type: application/json} (which a cross-site form cannot send) and pdm's own
 * {@code Origin}. A sign-in from a link ({@code "via": "link"}, the page's {@code #token=}) is accepted in sandbox mode
 * only: anywhere else a link is a way to slip someone an attacker's token.
 */
public final class SessionApi {
  private static final String PATH = "/api/v1/session";
  private static final Set<String> VIA = Set.of("form", "link");
  private final ApiTokens tokens;
  private final Sessions sessions;
  private final Authentication authentication;
  private final SameOrigin sameOrigin;
  private final boolean secureCookie;
  private final boolean sandboxMode;

  public SessionApi(ApiTokens tokens, Sessions sessions, Authentication authentication, PdmConfig.Server server,
      boolean sandboxMode) {
    this.tokens = tokens;
    this.sessions = sessions;
    this.authentication = authentication;
    this.sameOrigin = new SameOrigin(server.publicUrl());
    this.secureCookie = server.https();
    this.sandboxMode = sandboxMode;
  }

  /** {@code POST /api/v1/session {"token", "via"?}}: the one API call that needs no prior authentication. */
  public void mountSignIn(Router router) {
    // Two routes: Vert.x runs a body handler before any other handler of the same route.
    router.post(PATH).handler(this::fromThisSite);
    router.post(PATH).handler(BodyHandler.create(false).setBodyLimit(4096)).handler(this::signIn);
  }

  public void mount(Router router) {
    router.get(PATH).handler(ctx -> ApiReplies.json(ctx, 200, whoami(Authentication.caller(ctx))));
    router.delete(PATH).handler(ctx -> Authentication.session(ctx).map(sessions::close)
        .orElse(Future.succeededFuture())
        .onComplete(done -> {
          ctx.response().addCookie(cookie("").setMaxAge(0));
          ApiReplies.json(ctx, 200, new JsonObject().put("message", "signed out"));
        }));
  }

  /** Before the body is read: JSON from pdm's own page, from an address that has not failed too often. */
  private void fromThisSite(RoutingContext ctx) {
    String type = Optional.ofNullable(ctx.request().getHeader("Content-Type")).orElse("");
    if (!type.split(";", 2)[0].strip().equalsIgnoreCase("application/json")) {
      ApiReplies.error(ctx, 415, "Content-Type: expected application/json (got " + (type.isEmpty() ? "nothing"
          : type) + ")");
      return;
    }
    String origin = ctx.request().getHeader("Origin");
    if (origin == null || !sameOrigin.test(origin, ctx)) {
      ApiReplies.error(ctx, 403, "Origin: expected pdm's own origin, as a browser sends from pdm's page (got "
          + (origin == null ? "nothing" : origin) + ")");
      return;
    }
    if (!authentication.refusedForFailures(ctx, authentication.address(ctx))) {
      ctx.next();
    }
  }

  private void signIn(RoutingContext ctx) {
    JsonObject body = ApiReplies.body(ctx);
    if (body == null) {
      return;
    }
    Object token = body.getValue("token");
    Object via = body.getValue("via", "form");
    if (!(token instanceof String text) || text.isBlank() || !VIA.contains(via)) {
      ApiReplies.invalid(ctx, List.of(!(token instanceof String t) || t.isBlank()
          ? "token: required (got " + (token == null ? "nothing" : "a non-text value") + ")"
          : "via: expected form or link (got " + via + ")"));
      return;
    }
    if (via.equals("link") && !sandboxMode) {
      ApiReplies.error(ctx, 403, "sign-in links work in sandbox mode only: paste the token into the sign-in form");
      return;
    }
    Optional<PdmConfig.ApiToken> found = tokens.find(text.strip());
    if (found.isEmpty()) {
      authentication.failed(authentication.address(ctx));
      ApiReplies.error(ctx, 401, "the token is not one of pdm's API tokens");
      return;
    }
    sessions.open(found.get())
        .onSuccess(id -> {
          ctx.response().addCookie(cookie(id).setMaxAge(sessions.maxAge().toSeconds()));
          ApiReplies.json(ctx, 200, whoami(new Caller(found.get().name(), found.get().role())));
        })
        .onFailure(err -> ApiReplies.error(ctx, 503, "could not open a session right now; try again"));
  }

  private Cookie cookie(String value) {
    return Cookie.cookie(Authentication.COOKIE, value).setPath("/").setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT).setSecure(secureCookie);
  }

  private static JsonObject whoami(Caller caller) {
    return new JsonObject().put("caller", caller.name()).put("role", caller.role().name().toLowerCase(Locale.ROOT));
  }
}
