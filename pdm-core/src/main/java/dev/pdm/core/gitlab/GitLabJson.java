package dev.pdm.core.gitlab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import java.io.IOException;
import java.util.List;
import org.gitlab4j.models.utils.JacksonJson;

/** JSON as gitlab4j reads and writes it: snake_case, ISO-8601 dates, unknown properties ignored. */
final class GitLabJson {

  private static final ObjectMapper MAPPER = new JacksonJson().getObjectMapper();

  private GitLabJson() {
  }

  private static <T> List<T> readList(byte[] json, Class<T> type) throws IOException {
    JavaType listType = MAPPER.getTypeFactory().constructCollectionType(List.class, type);
    return MAPPER.readValue(json, listType);
  }

  /** Decodes a response body as one {@code type}, or fails naming the request. */
  static <T> Future<T> decode(ApiRequest request, ApiResponse response, Class<T> type) {
    try {
      return Future.succeededFuture(MAPPER.readValue(response.body().getBytes(), type));
    } catch (IOException e) {
      return Future.failedFuture(unreadable(request, response, type, e));
    }
  }

  /** Decodes a response body as a list of {@code type}, or fails naming the request. */
  static <T> Future<List<T>> decodeList(ApiRequest request, ApiResponse response, Class<T> type) {
    try {
      return Future.succeededFuture(List.copyOf(readList(response.body().getBytes(), type)));
    } catch (IOException e) {
      return Future.failedFuture(unreadable(request, response, type, e));
    }
  }

  private static GitLabException unreadable(ApiRequest request, ApiResponse response, Class<?> type, IOException e) {
    String why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
    return new GitLabException(new GitLabError(request.method().name(), request.path(), response.status(),
        "unreadable " + type.getSimpleName() + ": " + why));
  }

  static byte[] write(Object value) throws IOException {
    return MAPPER.writeValueAsBytes(value);
  }

  static ObjectMapper mapper() {
    return MAPPER;
  }
}
