package dev.pdm.server.api;

import static dev.pdm.server.testing.HttpProbe.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.sandbox.SandboxOptions;
import dev.pdm.server.live.LiveEndpoint;
import dev.pdm.server.testing.HttpProbe;
import dev.pdm.server.testing.HttpProbe.Answer;
import dev.pdm.server.testing.SandboxedPdm;
import dev.pdm.server.testing.TestConfig;
import dev.pdm.server.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A viewer's token cannot make pdm's GitLab token work for it: on-demand GitLab reads are limited per token, job
 * triage is limited to pdm's own projects and to a bounded log, and live sessions per token are capped.
 */
class ViewerAmplificationTest {
  private final Vertx vertx = Vertx.vertx();
  private SandboxedPdm pdm;
  private HttpProbe http;

  @BeforeEach
  void start() {
    // The limits count per simulated minute: a clock that moves only when told keeps a loaded machine's slow answers
    // inside one minute (at SandboxedPdm.SPEED, a minute passes every real second).
    pdm = await(SandboxedPdm.start(vertx, SandboxOptions.defaults().withManualClock(), Optional.of("""
        auth: {gitlab_reads_per_minute: 3, live_sessions_per_token: 2}
        triage: {max_log_megabytes: 1}
        """), TestDatabase.fresh()));
    http = new HttpProbe(vertx, pdm.port());
  }

  @AfterEach
  void stop() {
    http.close();
    await(pdm.close());
    await(vertx.close());
  }

  private Answer viewer(String path) {
    return http.get(path, HttpProbe.bearer(TestConfig.VIEWER_TOKEN, Map.of()));
  }

  @Test
  void freshReadsAreLimitedPerTokenWhileTheSharedOverviewStaysOpen() {
    List<Integer> fresh = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      fresh.add(viewer("/api/v1/overview?fresh=true").status());
    }
    Answer limited = viewer("/api/v1/checks?fresh=true");

    assertThat(fresh).containsExactly(200, 200, 200, 429);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
    assertThat(limited.json().getString("message")).contains("auth.gitlab_reads_per_minute");
    assertThat(viewer("/api/v1/overview").status()).as("the shared overview").isEqualTo(200);
    assertThat(http.get("/api/v1/overview?fresh=true", HttpProbe.bearer(TestConfig.OPERATOR_TOKEN, Map.of()))
        .status()).as("another token").isEqualTo(200);
  }

  @Test
  void wasItExecutedIsLimitedPerToken() {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      statuses.add(viewer("/api/v1/executed?mr=171204").status());
    }

    assertThat(statuses).containsExactly(200, 200, 200, 429);
  }

  @Test
  void jobTriageReadsOnlyTheProjectsPdmRunsPipelinesIn() {
    Answer elsewhere = viewer("/api/v1/triage?job=" + URLEncoder.encode(
        "https://gitlab.example.com/someone/private-project/-/jobs/1", StandardCharsets.UTF_8));

    assertThat(elsewhere.status()).isEqualTo(400);
    assertThat(elsewhere.json().getString("message")).contains("someone/private-project")
        .contains("[gitlab-com/gl-infra/deployer, gitlab-org/quality/staging]");
  }

  @Test
  void aPostedLogOverTheConfiguredSizeIsRefusedUnread() {
    String log = "== 20240101000000 AddThing: migrating ===\n";
    Answer small = http.send(HttpMethod.POST, "/api/v1/triage", HttpProbe.bearer(TestConfig.VIEWER_TOKEN,
        Map.of("Content-Type", "text/plain")), log);
    Answer large = http.send(HttpMethod.POST, "/api/v1/triage", HttpProbe.bearer(TestConfig.VIEWER_TOKEN,
        Map.of("Content-Type", "text/plain")), "x".repeat(1024 * 1024 + 1));

    assertThat(small.status()).isEqualTo(200);
    assertThat(large.status()).isEqualTo(413);
  }

  @Test
  void oneTokenHoldsAtMostTheConfiguredLiveSessions() throws InterruptedException {
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(pdm.port())
        .setURI("/api/v1/live").addHeader("Authorization", "Bearer " + TestConfig.VIEWER_TOKEN);
    WebSocket first = await(client.connect(options));
    WebSocket second = await(client.connect(options));
    WebSocket third = await(client.connect(options));
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!third.isClosed() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }

    assertThat(third.closeStatusCode()).isEqualTo(LiveEndpoint.TOO_MANY);
    assertThat(third.closeReason()).contains("too many live sessions");
    assertThat(first.isClosed()).isFalse();
    assertThat(second.isClosed()).isFalse();
    await(client.close());
  }
}
