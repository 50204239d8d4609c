package dev.pdm.server.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.TimeoutHandler;

/**
 * A request not answered within {@code server.request_timeout_seconds} gets 503, so that a client trickling its body
 * or a request stuck on something slow cannot hold a connection forever. WebSocket upgrades are exempt: a live session
 * lasts as long as it answers pings.
 */
public final class RequestDeadline implements Handler<RoutingContext> {
  private final TimeoutHandler timeout;

  public RequestDeadline(long millis) {
    this.timeout = TimeoutHandler.create(millis, 503);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String upgrade = ctx.request().getHeader("Upgrade");
    if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
      ctx.next();
      return;
    }
    timeout.handle(ctx);
  }
}
