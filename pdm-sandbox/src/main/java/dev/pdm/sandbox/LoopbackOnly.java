package dev.pdm.sandbox;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets only clients on this host through: the introspection endpoints need no token and can
 * reset the sandbox, so a client from another address gets 403 whatever address the sandbox
 * listens on.
 */
final class LoopbackOnly implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(LoopbackOnly.class);

  @Override
  public void handle(RoutingContext ctx) {
    SocketAddress peer = ctx.request().remoteAddress();
    if (isLoopback(peer)) {
      ctx.next();
      return;
    }
    LOG.warn("{} {} refused: introspection is served to loopback clients only, not {}",
        ctx.request().method(), ctx.request().path(), peer);
    ctx.response().setStatusCode(403).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("message", "403 Forbidden: " + SandboxIntrospection.ROOT
            + " is served to loopback clients only").encode());
  }

  /** Whether a peer is on this host: a loopback IP (127.0.0.0/8, ::1) or a Unix socket. */
  static boolean isLoopback(SocketAddress peer) {
    if (peer == null) {
      return false;
    }
    if (!peer.isInetSocket()) {
      return true;
    }
    String ip = peer.hostAddress();
    if (ip == null || !ip.matches("[0-9a-fA-F:.%]+")) {
      return false;
    }
    try {
      return InetAddress.getByName(ip).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
