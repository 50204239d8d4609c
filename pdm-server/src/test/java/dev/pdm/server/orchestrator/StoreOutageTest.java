package dev.pdm.server.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.sandbox.SandboxOptions;
import dev.pdm.server.store.DatabaseUrl;
import dev.pdm.server.testing.SandboxedPdm;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * pdm's own PostgreSQL stopped for 30 seconds in the middle of a run: every API request is answered 503 in time
 * (nothing hangs), and once PostgreSQL is back the run resumes and completes, each pipeline created once.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StoreOutageTest {
  private static final Duration OUTAGE = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  @Test
  void answers503WhilePostgresIsDownAndFinishesTheRunOnceItIsBack(Vertx vertx) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    EmbeddedPostgres postgres = start(port);
    SandboxedPdm pdm = join(SandboxedPdm.start(vertx, SandboxOptions.defaults().withScenario("happy").withSpeed(20),
        Optional.empty(), new DatabaseUrl("127.0.0.1", port, "postgres", "postgres", "")));
    try {
      String runId = join(pdm.post("/api/v1/runs", new JsonObject())).bodyAsJsonObject().getString("id");
      join(pdm.await(runId, run -> SandboxedPdm.currentAttempt(run, "migrate-gstg").getValue("pipeline") != null,
          "staging pipeline followed"));

      postgres.close();
      long down = System.nanoTime();
      while (System.nanoTime() - down < OUTAGE.toNanos()) {
        long asked = System.nanoTime();
        HttpResponse<Buffer> read = join(pdm.get("/api/v1/runs/" + runId));
        HttpResponse<Buffer> start = join(pdm.post("/api/v1/runs", new JsonObject()));
        assertThat(read.statusCode()).as(read.bodyAsString()).isEqualTo(503);
        assertThat(start.statusCode()).as(start.bodyAsString()).isIn(502, 503);
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("answered in time").isLessThan(Duration.ofSeconds(20));
        join(vertx.timer(2000));
      }
      postgres = start(port);
      JsonObject done = join(pdm.await(runId, run -> "succeeded".equals(run.getString("status")), "run succeeded"));

      assertThat(done.getString("status")).isEqualTo("succeeded");
      assertThat(pdm.gitLab().pipelines("gitlab-com/gl-infra/deployer")).hasSize(2);
      assertThat(pdm.gitLab().pipelines("gitlab-org/quality/staging")).hasSize(1);
    } finally {
      join(pdm.close());
      postgres.close();
    }
  }

  private EmbeddedPostgres start(int port) throws Exception {
    return EmbeddedPostgres.builder().setPort(port).setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(false)
        .setPGStartupWait(Duration.ofSeconds(60)).start();
  }

  private static <T> T join(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
