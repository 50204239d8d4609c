package dev.pdm.server.orchestrator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** The one mapping between pdm's records (runs, events, reports) and the JSON stored and served, in snake_case. */
public final class RunJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .addModule(new Jdk8Module())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .build();

  private RunJson() {
  }

  @SuppressWarnings("unchecked")
  public static JsonObject toJson(Object value) {
    return new JsonObject(MAPPER.convertValue(value, Map.class));
  }

  public static <T> T fromJson(JsonObject json, Class<T> type) {
    return MAPPER.convertValue(json.getMap(), type);
  }
}
