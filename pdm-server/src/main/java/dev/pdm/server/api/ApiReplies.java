package dev.pdm.server.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** How the API answers: JSON bodies, and errors as {@code {"message": ..., "problems": [...]}}. */
public final class ApiReplies {
  private ApiReplies() {
  }

  public static void json(RoutingContext ctx, int status, Object body) {
    String encoded = body instanceof JsonObject o ? o.encode() : body instanceof JsonArray a ? a.encode()
        : String.valueOf(body);
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(encoded);
  }

  public static void error(RoutingContext ctx, int status, String message) {
    json(ctx, status, new JsonObject().put("message", message));
  }

  /** 400 with every problem of the request, each naming the field, the value and what was expected. */
  public static void invalid(RoutingContext ctx, List<String> problems) {
    json(ctx, 400, new JsonObject().put("message", "invalid request: " + String.join("; ", problems))
        .put("problems", new JsonArray(problems)));
  }

  /** The JSON object body, or null after answering 400. */
  public static JsonObject body(RoutingContext ctx) {
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank()) {
      return new JsonObject();
    }
    try {
      return new JsonObject(text);
    } catch (RuntimeException e) {
      invalid(ctx, List.of("body: expected a JSON object (" + e.getMessage() + ")"));
      return null;
    }
  }
}
