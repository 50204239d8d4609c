package dev.pdm.server.api;

import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.Optional;

/**
 * Whether a request's {@code Origin} is pdm's own: the host (and port) it was reached at, or {@code server.public_url}.
 * A browser always sends {@code Origin} with a cross-site request, and a page cannot forge it.
 */
public final class SameOrigin {
  private final Optional<String> publicUrl;

  public SameOrigin(Optional<String> publicUrl) {
    this.publicUrl = publicUrl;
  }

  public boolean test(String origin, RoutingContext ctx) {
    try {
      URI o = URI.create(origin);
      if (o.getHost() == null) {
        return false;
      }
      String host = ctx.request().authority() == null ? "" : ctx.request().authority().toString();
      boolean matchesHost = (o.getHost() + (o.getPort() < 0 ? "" : ":" + o.getPort())).equalsIgnoreCase(host);
      boolean matchesPublic = publicUrl.map(URI::create)
          .map(p -> p.getScheme().equals(o.getScheme()) && p.getHost().equalsIgnoreCase(o.getHost())
              && p.getPort() == o.getPort())
          .orElse(false);
      return matchesHost || matchesPublic;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
