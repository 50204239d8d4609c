package dev.pdm.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.server.PdmServer;
import dev.pdm.server.testing.TestConfig;
import dev.pdm.server.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SessionApiTest {
  private PdmServer server;
  private WebClient client;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext test) {
    client = WebClient.create(vertx);
    PdmServer.start(vertx, TestConfig.onRandomPort(), TestDatabase.fresh(), TestConfig.tokens())
        .onComplete(test.succeeding(s -> {
          server = s;
          test.completeNow();
        }));
  }

  @AfterEach
  void stop(VertxTestContext test) {
    server.close().onComplete(test.succeedingThenComplete());
  }

  private Future<HttpResponse<Buffer>> signIn(String token) {
    return client.post(server.port(), "127.0.0.1", "/api/v1/session")
        .sendJsonObject(new JsonObject().put("token", token));
  }

  private static String cookieOf(HttpResponse<Buffer> response) {
    return response.cookies().get(0).split(";")[0];
  }

  @Test
  void aWrongTokenDoesNotSignIn(VertxTestContext test) {
    signIn("guess").onComplete(test.succeeding(r -> test.verify(() -> {
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.cookies()).isEmpty();
      test.completeNow();
    })));
  }

  @Test
  void signingInSetsAnHttpOnlyStrictCookieThatAuthenticatesReads(VertxTestContext test) {
    signIn(TestConfig.VIEWER_TOKEN)
        .compose(r -> {
          test.verify(() -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.bodyAsJsonObject().getString("role")).isEqualTo("viewer");
            assertThat(r.cookies()).singleElement().asString()
                .startsWith(Authentication.COOKIE + "=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict");
          });
          return client.get(server.port(), "127.0.0.1", "/api/v1/session").putHeader("Cookie", cookieOf(r)).send();
        })
        .onComplete(test.succeeding(me -> test.verify(() -> {
          assertThat(me.statusCode()).isEqualTo(200);
          assertThat(me.bodyAsJsonObject().getString("caller")).isEqualTo("test-viewer");
          test.completeNow();
        })));
  }

  @Test
  void aCookieSignedChangeNeedsTheCsrfHeader(VertxTestContext test) {
    signIn(TestConfig.OPERATOR_TOKEN)
        .compose(r -> {
          String cookie = cookieOf(r);
          Future<HttpResponse<Buffer>> without = client.post(server.port(), "127.0.0.1", "/api/v1/nowhere")
              .putHeader("Cookie", cookie).send();
          return without.compose(a -> client.post(server.port(), "127.0.0.1", "/api/v1/nowhere")
              .putHeader("Cookie", cookie).putHeader(Authentication.CSRF_HEADER, "1").send()
              .map(b -> List.of(a, b)));
        })
        .onComplete(test.succeeding(rs -> test.verify(() -> {
          assertThat(rs.get(0).statusCode()).isEqualTo(403);
          assertThat(rs.get(0).bodyAsJsonObject().getString("message")).contains(Authentication.CSRF_HEADER);
          assertThat(rs.get(1).statusCode()).isEqualTo(404);
          test.completeNow();
        })));
  }
}
