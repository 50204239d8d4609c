package dev.pdm.server.api;

import dev.pdm.core.gitlab.GitLabException;
import dev.pdm.server.store.StoreOutage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the API answers: JSON bodies, and errors as {@code {"message": ..., "problems": [...]}}. */
public final class ApiReplies {
  private static final Logger LOG = LoggerFactory.getLogger(ApiReplies.class);

  private ApiReplies() {
  }

  /** Answers unless the request was answered already (e.g. timed out while pdm was still working on it). */
  public static void json(RoutingContext ctx, int status, Object body) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    String encoded = body instanceof JsonObject o ? o.encode() : body instanceof JsonArray a ? a.encode()
        : String.valueOf(body);
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(encoded);
  }

  public static void error(RoutingContext ctx, int status, String message) {
    json(ctx, status, new JsonObject().put("message", message));
  }

  /**
   * Answers a request whose work failed, unless it was answered already: 503 when pdm's database cannot be reached
   * (the request may be tried again), else 500.
   */
  public static void failed(RoutingContext ctx, Throwable err) {
    if (ctx.response().ended() || ctx.response().headWritten()) {
      return;
    }
    if (StoreOutage.is(err)) {
      error(ctx, 503, "pdm's database cannot be reached right now; nothing was changed, try again shortly");
      return;
    }
    if (err instanceof GitLabException gitLab) {
      error(ctx, 502, "GitLab could not be read: " + gitLab.getMessage());
      return;
    }
    LOG.warn("{} {} failed: {}", ctx.request().method(), ctx.request().path(), err.getMessage());
    error(ctx, 500, "internal error: " + err.getMessage());
  }

  /** 429 with {@code Retry-After} (whole seconds, at least 1). */
  public static void tooMany(RoutingContext ctx, Duration wait, String message) {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    ctx.response().putHeader("Retry-After", Long.toString(seconds));
    error(ctx, 429, message + "; try again in " + seconds + " s");
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
