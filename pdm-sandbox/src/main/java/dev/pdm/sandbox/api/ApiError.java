package dev.pdm.sandbox.api;

import io.vertx.core.json.JsonObject;

/** An error answered the way GitLab answers it: a status and a JSON body. */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final transient JsonObject body;

  private ApiError(int status, JsonObject body) {
    super(body.encode(), null, false, false);
    this.status = status;
    this.body = body;
  }

  public int status() {
    return status;
  }

  public JsonObject body() {
    return body;
  }

  /** {@code {"message": "404 Project Not Found"}} and the like. */
  public static ApiError message(int status, String message) {
    return new ApiError(status, new JsonObject().put("message", message));
  }

  /** A parameter validation failure: {@code 400 {"error": "ref is missing"}}, as Grape answers. */
  public static ApiError invalid(String error) {
    return new ApiError(400, new JsonObject().put("error", error));
  }

  /**
   * A model validation failure: {@code 400 {"message": {"<field>": ["<problem>"]}}}, as GitLab
   * renders a record it could not save.
   */
  public static ApiError validation(String field, String problem) {
    return new ApiError(400, new JsonObject().put("message", new JsonObject().put(field,
        new io.vertx.core.json.JsonArray().add(problem))));
  }

  /** {@code 404 {"message": "404 <What> Not Found"}}. */
  public static ApiError notFound(String what) {
    return message(404, "404 " + what + " Not Found");
  }
}
