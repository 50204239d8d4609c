package dev.pdm.server.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Reads the bodies of the API's state-changing requests, up to a limit (413 beyond it), after authentication. A
 * {@code GET} (a read, or the live WebSocket's upgrade) is never read: pdm's reads take no body.
 */
public final class RequestBodies implements Handler<RoutingContext> {
  private final BodyHandler bodies;

  public RequestBodies(long maxBytes) {
    this.bodies = BodyHandler.create(false).setBodyLimit(maxBytes);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (Authentication.changesState(ctx)) {
      bodies.handle(ctx);
    } else {
      ctx.next();
    }
  }
}
