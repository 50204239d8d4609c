package dev.pdm.server.chatops;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A chat platform's form-encoded request, read raw (the signature covers the exact bytes, so nothing may parse it
 * before it is verified) and bounded, then decoded into its fields.
 */
final class FormRequest {
  /** Slack's and Mattermost's requests are a few kilobytes; anything far larger is not theirs. */
  static final int MAX_BYTES = 64 * 1024;

  private FormRequest() {
  }

  /** Reads the body and hands it on; a body too large (413) or unreadable (400) is answered here. */
  static void read(RoutingContext ctx, Handler<Buffer> then) {
    read(ctx.request()).onComplete(read -> {
      if (read.succeeded()) {
        then.handle(read.result());
      } else if (!ctx.response().ended()) {
        ctx.response().setStatusCode(read.cause() instanceof TooLarge ? 413 : 400)
            .putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("message", String.valueOf(read.cause().getMessage())).encode());
      }
    });
  }

  /** The body, or a failed future with {@link TooLarge} past {@link #MAX_BYTES}. */
  private static Future<Buffer> read(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > MAX_BYTES) {
      return Future.failedFuture(new TooLarge());
    }
    Promise<Buffer> body = Promise.promise();
    Buffer collected = Buffer.buffer();
    request.handler(chunk -> {
      if (collected.length() + chunk.length() > MAX_BYTES) {
        body.tryFail(new TooLarge());
        request.pause();
      } else {
        collected.appendBuffer(chunk);
      }
    });
    request.exceptionHandler(body::tryFail);
    request.endHandler(v -> body.tryComplete(collected));
    return body.future();
  }

  /** The fields of an {@code application/x-www-form-urlencoded} body (the last value of a repeated one). */
  static Map<String, String> fields(Buffer body) {
    Map<String, String> fields = new HashMap<>();
    for (String pair : body.toString(StandardCharsets.UTF_8).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        fields.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException badEscape) {
        fields.put(name, value);
      }
    }
    return fields;
  }

  /** The body is larger than any chat request. */
  static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("the request body is larger than " + MAX_BYTES + " bytes", null, false, false);
    }
  }
}
