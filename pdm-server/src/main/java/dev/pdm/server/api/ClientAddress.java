package dev.pdm.server.api;

import io.vertx.ext.web.RoutingContext;

/**
 * The address a request comes from, for limits per client. Behind a proxy (with {@code server.trust_forwarded_headers})
 * it is the last address of {@code X-Forwarded-For}: the one the proxy itself saw, which the client cannot choose
 * (the addresses before it are the client's to write).
 */
public final class ClientAddress {
  private ClientAddress() {
  }

  public static String of(RoutingContext ctx, boolean trustForwarded) {
    if (trustForwarded) {
      String forwarded = ctx.request().getHeader("X-Forwarded-For");
      if (forwarded != null && !forwarded.isBlank()) {
        String last = forwarded.substring(forwarded.lastIndexOf(',') + 1).strip();
        if (!last.isEmpty()) {
          return last;
        }
      }
    }
    return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
  }
}
