package dev.pdm.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.server.store.EmbeddedDatabase;
import dev.pdm.server.testing.TestConfig;
import dev.pdm.server.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class PdmServerTest {

  private static Future<HttpResponse<Buffer>> get(Vertx vertx, PdmServer server, String path) {
    return WebClient.create(vertx).get(server.port(), "127.0.0.1", path).send();
  }

  @Test
  void healthIsUpWithTheDatabaseCheck(Vertx vertx, VertxTestContext test) {
    PdmServer.start(vertx, TestConfig.onRandomPort(), TestDatabase.fresh(), TestConfig.tokens())
        .compose(server -> get(vertx, server, "/health").eventually(server::close))
        .onComplete(test.succeeding(response -> test.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(200);
          JsonObject body = response.bodyAsJsonObject();
          assertThat(body.getString("status")).isEqualTo("UP");
          JsonObject database = body.getJsonArray("checks").getJsonObject(0);
          assertThat(database.getString("name")).isEqualTo("database");
          assertThat(database.getString("status")).isEqualTo("UP");
          test.completeNow();
        })));
  }

  @Test
  void healthIs503WhenTheDatabaseIsGone(Vertx vertx, VertxTestContext test, @TempDir Path dir) {
    EmbeddedDatabase database = EmbeddedDatabase.start(dir);
    PdmServer.start(vertx, TestConfig.onRandomPort(), database.url(), TestConfig.tokens())
        .compose(server -> vertx.executeBlocking(() -> {
          database.close();
          return server;
        }))
        .compose(server -> unhealthy(vertx, server, System.nanoTime() + 20_000_000_000L).eventually(server::close))
        .onComplete(test.succeeding(response -> test.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(503);
          JsonObject body = response.bodyAsJsonObject();
          assertThat(body.getString("status")).isEqualTo("DOWN");
          JsonObject check = body.getJsonArray("checks").getJsonObject(0);
          assertThat(check.getString("status")).isEqualTo("DOWN");
          assertThat(check.getString("reason")).isNotBlank();
          test.completeNow();
        })));
  }

  /** /health answers from a report refreshed every few seconds: asks until it is 503 or the deadline passes. */
  private static Future<HttpResponse<Buffer>> unhealthy(Vertx vertx, PdmServer server, long deadline) {
    return get(vertx, server, "/health").compose(response -> response.statusCode() == 503
        || System.nanoTime() > deadline ? Future.succeededFuture(response)
        : vertx.timer(250).compose(t -> unhealthy(vertx, server, deadline)));
  }

  @Test
  void theRootServesTheWebUi(Vertx vertx, VertxTestContext test) {
    PdmServer.start(vertx, TestConfig.onRandomPort(), TestDatabase.fresh(), TestConfig.tokens())
        .compose(server -> get(vertx, server, "/").eventually(server::close))
        .onComplete(test.succeeding(response -> test.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.getHeader("content-type")).startsWith("text/html");
          assertThat(response.bodyAsString()).contains("<title>pdm");
          test.completeNow();
        })));
  }

  @Test
  void theApiNeedsABearerToken(Vertx vertx, VertxTestContext test) {
    PdmServer.start(vertx, TestConfig.onRandomPort(), TestDatabase.fresh(), TestConfig.tokens())
        .compose(server -> get(vertx, server, "/api/v1/runs").eventually(server::close))
        .onComplete(test.succeeding(response -> test.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(401);
          assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
          assertThat(response.bodyAsJsonObject().getString("message")).contains("Authorization: Bearer");
          test.completeNow();
        })));
  }

  @Test
  void anUnknownApiPathIsAJson404(Vertx vertx, VertxTestContext test) {
    PdmServer.start(vertx, TestConfig.onRandomPort(), TestDatabase.fresh(), TestConfig.tokens())
        .compose(server -> WebClient.create(vertx).get(server.port(), "127.0.0.1", "/api/v1/nothing-here")
            .bearerTokenAuthentication(TestConfig.VIEWER_TOKEN).send().eventually(server::close))
        .onComplete(test.succeeding(response -> test.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(404);
          assertThat(response.bodyAsJsonObject().getString("message")).contains("/api/v1/nothing-here");
          test.completeNow();
        })));
  }

  @Test
  void closingStopsListeningAndReleasesThePort(Vertx vertx, VertxTestContext test) {
    PdmServer.start(vertx, TestConfig.onRandomPort(), TestDatabase.fresh(), TestConfig.tokens())
        .compose(server -> server.close().map(server.port()))
        .compose(port -> WebClient.create(vertx).get(port, "127.0.0.1", "/health").send()
            .map(r -> "still answering")
            .recover(err -> vertx.createHttpServer().requestHandler(r -> r.response().end()).listen(port)
                .compose(again -> again.close()).map("port released")))
        .onComplete(test.succeeding(outcome -> test.verify(() -> {
          assertThat(outcome).isEqualTo("port released");
          test.completeNow();
        })));
  }
}
