package dev.pdm.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.pdm.server.testing.SandboxedPdm;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The OpenAPI document served at /api/v1/openapi.yaml describes exactly the routes the server answers. */
@ExtendWith(VertxExtension.class)
class OpenApiTest {

  @Test
  void theDocumentedOperationsAreExactlyTheServedRoutes(Vertx vertx, VertxTestContext test) {
    SandboxedPdm.start(vertx, "happy").compose(pdm -> pdm.get("/api/v1/openapi.yaml").map(response -> {
      test.verify(() -> {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("content-type")).startsWith("application/yaml");
        Set<String> documented = operations(new YAMLMapper().readTree(response.bodyAsString()));
        assertThat(documented).isEqualTo(pdm.server().apiRoutes());
      });
      return pdm;
    }).eventually(pdm::close)).onComplete(test.succeedingThenComplete());
  }

  private static Set<String> operations(JsonNode document) {
    Set<String> operations = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      path.getValue().fieldNames().forEachRemaining(method -> operations.add(method.toUpperCase() + " "
          + path.getKey()));
    }
    return operations;
  }
}
