package dev.pdm.server.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers on every answer pdm gives: a content security policy (scripts, styles and connections from pdm only; no
 * framing, so no clickjacking of the Execute button), no MIME sniffing, no referrer (run URLs stay inside), and, when
 * {@code server.public_url} is https, HSTS.
 */
public final class SecurityHeaders implements Handler<RoutingContext> {
  /** The page's policy; the same as its {@code <meta>}, plus what only a header can say ({@code frame-ancestors}). */
  public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
      + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
      + " frame-ancestors 'none'";
  private final boolean https;

  public SecurityHeaders(boolean https) {
    this.https = https;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Frame-Options", "DENY");
    if (https) {
      ctx.response().putHeader("Strict-Transport-Security", "max-age=31536000");
    }
    ctx.next();
  }
}
