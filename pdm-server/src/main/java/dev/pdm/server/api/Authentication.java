package dev.pdm.server.api;

import dev.pdm.core.auth.ApiTokens;
import dev.pdm.core.auth.Caller;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Every API call names its caller with {@code Authorization: Bearer <token>}: 401 without a valid one. The caller is
 * left on the context for the handlers (and the audit trail); {@link #operatorsOnly()} turns viewers away with 403.
 */
public final class Authentication implements Handler<RoutingContext> {
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
    Optional<Caller> caller = bearer.flatMap(tokens::authenticate);
    if (caller.isEmpty()) {
      ctx.response().setStatusCode(401)
          .putHeader("WWW-Authenticate", "Bearer realm=\"pdm\"")
          .putHeader("content-type", "application/json")
          .end(new JsonObject().put("message", bearer.isEmpty()
              ? "authentication required: send Authorization: Bearer <token>"
              : "the bearer token is not one of pdm's API tokens").encode());
      return;
    }
    ctx.put(CALLER, caller.get());
    ctx.next();
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
