package dev.pdm.server.chatops;

import dev.pdm.core.chatops.SlackRequestSignature;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a request to {@code /hooks/slack/*} comes from Slack: its signature (within five minutes of now),
 * and not seen before on this replica (an exact replay inside the five minutes is refused too). A refusal is logged
 * without the body or the headers' values.
 */
final class SignedSlackRequests {
  private static final Logger LOG = LoggerFactory.getLogger(SignedSlackRequests.class);
  private static final int MAX_REMEMBERED = 10_000;
  private final SlackRequestSignature signature;
  private final Clock clock;
  private final Map<String, Instant> seen = new LinkedHashMap<>();

  SignedSlackRequests(SlackRequestSignature signature, Clock clock) {
    this.signature = signature;
    this.clock = clock;
  }

  /** Why the request is not trusted; empty when it is (and it is then remembered). */
  Optional<String> refusal(RoutingContext ctx, Buffer body) {
    String timestamp = ctx.request().getHeader("X-Slack-Request-Timestamp");
    String given = ctx.request().getHeader("X-Slack-Signature");
    Instant now = clock.instant();
    Optional<String> refusal = signature.refusal(timestamp, given, body.getBytes(), now);
    if (refusal.isEmpty() && !remember(given, now)) {
      refusal = Optional.of("this request was received before (a replay)");
    }
    refusal.ifPresent(reason -> LOG.warn("refused a request to {} from {}: {}", ctx.request().path(),
        ctx.request().remoteAddress(), reason));
    return refusal;
  }

  private synchronized boolean remember(String signatureValue, Instant now) {
    Instant horizon = now.minus(SlackRequestSignature.MAX_AGE).minus(SlackRequestSignature.MAX_AGE);
    for (Iterator<Instant> it = seen.values().iterator(); it.hasNext(); ) {
      Instant at = it.next();
      if (at.isBefore(horizon) || seen.size() > MAX_REMEMBERED) {
        it.remove();
      } else {
        break;
      }
    }
    return seen.putIfAbsent(signatureValue, now) == null;
  }
}
