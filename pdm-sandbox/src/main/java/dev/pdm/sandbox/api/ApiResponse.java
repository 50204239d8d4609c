package dev.pdm.sandbox.api;

import dev.pdm.sandbox.state.TraceText;
import io.vertx.core.json.JsonArray;

/** What a route answers: status and body (JSON object/array, plain text or a job log); lists are paged. */
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

  /** A job's log, streamed as it is read and cut to the {@code Range} asked for. */
  public static ApiResponse trace(TraceText trace) {
    return new ApiResponse(200, trace, "text/plain");
  }

  /** Whether the body is a list GitLab paginates. */
  public boolean paginated() {
    return body instanceof JsonArray;
  }
}
