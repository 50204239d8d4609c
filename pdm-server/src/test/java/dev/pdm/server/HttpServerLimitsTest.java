package dev.pdm.server;

import static dev.pdm.server.testing.HttpProbe.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.server.testing.TestConfig;
import dev.pdm.server.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A client cannot hold pdm's connections: silent ones are closed, slow requests answered 503. */
class HttpServerLimitsTest {

  @Test
  void aSilentConnectionIsClosedAfterTheIdleTimeout() {
    PdmConfig config = TestConfig.onRandomPort(Map.of("server.idle_timeout_seconds", "45"));

    HttpServerOptions options = PdmServer.httpOptions(config.server());

    assertThat(options.getIdleTimeout()).isEqualTo(45);
    assertThat(options.getIdleTimeoutUnit()).isEqualTo(TimeUnit.SECONDS);
    assertThat(PdmServer.httpOptions(TestConfig.onRandomPort().server()).getIdleTimeout()).isEqualTo(60);
  }

  @Test
  void aRequestWhoseBodyNeverArrivesIsAnswered503() throws Exception {
    Vertx vertx = Vertx.vertx();
    PdmServer server = await(PdmServer.start(vertx, TestConfig.onRandomPort(Map.of("server.request_timeout_seconds",
        "1")), TestDatabase.fresh(), TestConfig.tokens()));
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/v1/nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
          + TestConfig.VIEWER_TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"to")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();

      String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();

      assertThat(status).isEqualTo("HTTP/1.1 503 Service Unavailable");
    } finally {
      await(server.close());
      await(vertx.close());
    }
  }
}
