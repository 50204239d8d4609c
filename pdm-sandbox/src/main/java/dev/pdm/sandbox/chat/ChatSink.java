package dev.pdm.sandbox.chat;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Slack incoming-webhook semantics: POST a JSON payload with {@code text} (or {@code blocks}),
 * answer {@code 200 ok}; a body that is not JSON gets {@code 400 invalid_payload}, one with
 * neither text nor blocks {@code 400 no_text}. An outage ({@link #failWith}) answers every post with that status and
 * keeps nothing, as Slack does when it is down.
 */
public final class ChatSink {
  /** Path of the incoming webhook. */
  public static final String PATH = "/-/chat/webhook";

  private final List<ChatMessage> messages = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private volatile int outage;

  /** From now on, every post is answered {@code status} (a 5xx) and dropped, until {@link #clear()}. */
  public void failWith(int status) {
    if (status < 500 || status > 599) {
      throw new IllegalArgumentException("status: expected 500 to 599 for a chat outage (got " + status + ")");
    }
    outage = status;
  }

  public void receive(RoutingContext ctx) {
    if (outage != 0) {
      ctx.response().setStatusCode(outage).putHeader("Content-Type", "text/plain").end("service_unavailable");
      return;
    }
    JsonObject payload;
    try {
      payload = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      payload = null;
    }
    if (payload == null) {
      ctx.response().setStatusCode(400).putHeader("Content-Type", "text/plain")
          .end("invalid_payload");
      return;
    }
    if (payload.getString("text", "").isBlank() && payload.getJsonArray("blocks") == null
        && payload.getJsonArray("attachments") == null) {
      ctx.response().setStatusCode(400).putHeader("Content-Type", "text/plain").end("no_text");
      return;
    }
    messages.add(new ChatMessage(ids.incrementAndGet(), Instant.now(), payload));
    ctx.response().setStatusCode(200).putHeader("Content-Type", "text/plain").end("ok");
  }

  /** Messages received so far, oldest first. */
  public List<ChatMessage> messages() {
    return List.copyOf(messages);
  }

  public JsonArray toJson() {
    return new JsonArray(messages.stream().map(ChatMessage::toJson).toList());
  }

  /** Forgets the messages and ends an outage. */
  public void clear() {
    messages.clear();
    outage = 0;
  }
}
