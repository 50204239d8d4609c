package dev.pdm.sandbox.api;

import io.vertx.core.json.JsonArray;

/** What a route answers: status and body (JSON object/array or plain text); lists are paged. */
public record ApiResponse(int status, Object body, String contentType) {

  public static ApiResponse ok(Object json) {
    return new ApiResponse(200, json, "application/json");
  }

  public static ApiResponse created(Object json) {
    return new ApiResponse(201, json, "application/json");
  }

  public static ApiResponse noContent() {
    return new ApiResponse(204, null, "application/json");
  }

  public static ApiResponse text(String text) {
    return new ApiResponse(200, text, "text/plain");
  }

  /** Whether the body is a list GitLab paginates. */
  public boolean paginated() {
    return body instanceof JsonArray;
  }
}
