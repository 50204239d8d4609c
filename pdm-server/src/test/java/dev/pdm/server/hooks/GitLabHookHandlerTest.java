package dev.pdm.server.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.config.Secret;
import dev.pdm.core.hooks.GitLabObservation;
import dev.pdm.core.hooks.GitLabObservation.JobObserved;
import dev.pdm.server.api.PerMinuteLimit;
import java.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class GitLabHookHandlerTest {
  private static final String SECRET = "hook-secret-value-0123";
  private final List<GitLabObservation> received = new CopyOnWriteArrayList<>();
  private final List<String> results = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private WebClient client;
  private String jobHook;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext test) throws IOException {
    jobHook = Files.readString(Path.of(System.getProperty("pdm.fixtures"), "webhooks", "job-hook.json"));
    Router router = Router.router(vertx);
    GitLabHookHandler.mount(router, vertx, Optional.of(Secret.of(SECRET)), received::add,
        (event, result) -> results.add(result), new PerMinuteLimit(1000, Clock.systemUTC()), false);
    client = WebClient.create(vertx);
    vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .onComplete(test.succeeding(s -> {
          server = s;
          test.completeNow();
        }));
  }

  private Future<HttpResponse<Buffer>> post(String token, String event, String uuid, Buffer body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json");
    if (token != null) {
      headers.add("X-Gitlab-Token", token);
    }
    if (event != null) {
      headers.add("X-Gitlab-Event", event);
    }
    if (uuid != null) {
      headers.add("X-Gitlab-Event-UUID", uuid);
    }
    return client.post(server.actualPort(), "127.0.0.1", GitLabHookHandler.PATH).putHeaders(headers)
        .sendBuffer(body);
  }

  private Future<HttpResponse<Buffer>> post(String token, String event, String body) {
    return post(token, event, null, Buffer.buffer(body));
  }

  @Test
  void aWrongTokenIsRefusedBeforeTheBodyIsRead(VertxTestContext test) {
    Buffer tooLargeToRead = Buffer.buffer(new byte[(int) GitLabHookHandler.MAX_BODY_BYTES + 1]);

    post("not-the-secret", "Job Hook", null, tooLargeToRead).onComplete(test.succeeding(r -> test.verify(() -> {
      assertThat(r.statusCode()).as("401, not the 413 a read body would get").isEqualTo(401);
      assertThat(received).isEmpty();
      test.completeNow();
    })));
  }

  @Test
  void aValidJobHookIsAcceptedAndHandedOn(Vertx vertx, VertxTestContext test) {
    post(SECRET, "Job Hook", "uuid-1", Buffer.buffer(jobHook))
        .compose(r -> vertx.timer(50).map(r))
        .onComplete(test.succeeding(r -> test.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(202);
          assertThat(received).singleElement().isInstanceOfSatisfying(JobObserved.class,
              job -> assertThat(job.jobId()).isEqualTo(1977));
          test.completeNow();
        })));
  }

  @Test
  void aRedeliveryIsAcknowledgedButHandedOnOnce(Vertx vertx, VertxTestContext test) {
    post(SECRET, "Job Hook", "uuid-2", Buffer.buffer(jobHook))
        .compose(first -> post(SECRET, "Job Hook", "uuid-2", Buffer.buffer(jobHook)))
        .compose(r -> vertx.timer(50).map(r))
        .onComplete(test.succeeding(second -> test.verify(() -> {
          assertThat(second.statusCode()).isEqualTo(202);
          assertThat(second.bodyAsJsonObject().getString("message")).contains("duplicate");
          assertThat(received).hasSize(1);
          assertThat(results).as("each delivery's result, as metrics count it").containsExactly("accepted", "duplicate");
          test.completeNow();
        })));
  }

  @Test
  void aMissingOrWrongTokenIs401AndNothingIsRecorded(VertxTestContext test) {
    post(null, "Job Hook", jobHook)
        .compose(none -> post("hook-secret-valuE", "Job Hook", jobHook).map(wrong -> List.of(none, wrong)))
        .onComplete(test.succeeding(rs -> test.verify(() -> {
          assertThat(rs).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(401));
          assertThat(rs.get(0).bodyAsJsonObject().getString("message")).isEqualTo("X-Gitlab-Token: required");
          assertThat(rs.get(1).bodyAsString()).doesNotContain(SECRET);
          assertThat(received).isEmpty();
          assertThat(results).containsExactly("unauthorized", "unauthorized");
          test.completeNow();
        })));
  }

  @Test
  void malformedOrWronglyTypedBodiesAre400WithTheReason(VertxTestContext test) {
    post(SECRET, "Job Hook", "{not json")
        .compose(a -> post(SECRET, "Job Hook", jobHook.replace("\"build_id\": 1977", "\"build_id\": \"x\""))
            .map(b -> List.of(a, b)))
        .onComplete(test.succeeding(rs -> test.verify(() -> {
          assertThat(rs).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(400));
          assertThat(rs.get(0).bodyAsJsonObject().getString("message")).startsWith("malformed JSON");
          assertThat(rs.get(1).bodyAsJsonObject().getString("message"))
              .isEqualTo("build_id: expected a whole number (got \"x\")");
          assertThat(received).isEmpty();
          test.completeNow();
        })));
  }

  @Test
  void aTenMegabyteBodyIs413(VertxTestContext test) {
    Buffer huge = Buffer.buffer(new byte[10 * 1024 * 1024]);
    post(SECRET, "Job Hook", null, huge)
        .onComplete(test.succeeding(r -> test.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(413);
          assertThat(received).isEmpty();
          assertThat(results).containsExactly("too_large");
          test.completeNow();
        })));
  }

  @Test
  void unknownEventsAreAcceptedAndIgnored(VertxTestContext test) {
    post(SECRET, "Push Hook", "{\"object_kind\":\"push\"}")
        .onComplete(test.succeeding(r -> test.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(202);
          assertThat(received).isEmpty();
          test.completeNow();
        })));
  }

  @Test
  void randomPayloadsNeverCrashTheEndpoint(Vertx vertx, VertxTestContext test) {
    Random random = new Random(7);
    List<Future<HttpResponse<Buffer>>> all = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      StringBuilder body = new StringBuilder(jobHook);
      for (int m = 0; m < 1 + random.nextInt(5) && body.length() > 0; m++) {
        body.setCharAt(random.nextInt(body.length()), "{}[]\",:0x".charAt(random.nextInt(9)));
      }
      all.add(post(SECRET, random.nextBoolean() ? "Job Hook" : "Pipeline Hook", body.toString()));
    }
    Future.all(all).onComplete(test.succeeding(done -> test.verify(() -> {
      for (int i = 0; i < all.size(); i++) {
        assertThat(all.get(i).result().statusCode()).isIn(202, 400);
      }
      test.completeNow();
    })));
  }
}
