package dev.pdm.server.chatops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.chatops.SlackRequestSignature;
import dev.pdm.core.config.PdmConfig;
import dev.pdm.sandbox.slack.SlackWorkspace;
import dev.pdm.server.testing.Eventually;
import dev.pdm.server.testing.SandboxedPdm;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /hooks/slack/commands} and {@code /hooks/slack/interactions} given the payloads Slack documents (test resources
 * under {@code slack/}, sources in its SOURCES.md), changed only where pdm must act on them, and signed as Slack signs.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class SlackDocumentedPayloadsTest {
  private static final String RM = SlackWorkspace.RELEASE_MANAGER.id();
  private SandboxedPdm pdm;
  private WebClient client;
  private SlackRequestSignature signature;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext test) {
    client = WebClient.create(vertx);
    SandboxedPdm.start(vertx, "happy").onComplete(test.succeeding(started -> {
      pdm = started;
      signature = new SlackRequestSignature(pdm.config().chat().slack().flatMap(PdmConfig.Slack::signingSecret)
          .orElseThrow());
      test.completeNow();
    }));
  }

  @AfterEach
  void stop(VertxTestContext test) {
    (pdm == null ? Future.<Void>succeededFuture() : pdm.close()).onComplete(test.succeedingThenComplete());
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = SlackDocumentedPayloadsTest.class.getResourceAsStream("/slack/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Slack's documented slash command, as the user with that id and name, with this text and response_url. */
  private static String slashCommand(String userId, String userName, String text, String responseUrl)
      throws IOException {
    return resource("slash-command.form")
        .replace("user_id=U2147483697", "user_id=" + userId)
        .replace("user_name=Steve", "user_name=" + userName)
        .replace("command=/weather", "command=" + URLEncoder.encode("/pdm", StandardCharsets.UTF_8))
        .replace("text=94070", "text=" + URLEncoder.encode(text, StandardCharsets.UTF_8))
        .replace("response_url=https://hooks.slack.com/commands/1234/5678",
            "response_url=" + URLEncoder.encode(responseUrl, StandardCharsets.UTF_8));
  }

  private Future<HttpResponse<Buffer>> post(String path, String body, long timestamp) {
    String ts = Long.toString(timestamp);
    return client.post(pdm.port(), "127.0.0.1", path)
        .putHeader("Content-Type", "application/x-www-form-urlencoded")
        .putHeader("X-Slack-Request-Timestamp", ts)
        .putHeader("X-Slack-Signature", signature.sign(ts, body.getBytes(StandardCharsets.UTF_8)))
        .sendBuffer(Buffer.buffer(body));
  }

  private Future<HttpResponse<Buffer>> signed(String path, String body) {
    return post(path, body, Instant.now().getEpochSecond());
  }

  private Future<List<JsonObject>> answerAt(Vertx vertx, String responseUrl) {
    return Eventually.until(vertx, "an answer at the response_url",
        () -> !pdm.gitLab().slack().responses(responseUrl).isEmpty())
        .map(v -> pdm.gitLab().slack().responses(responseUrl));
  }

  @Test
  void acknowledgesSlacksDocumentedCommandAtOnceAndPostsTheStatusToItsResponseUrl(Vertx vertx,
      VertxTestContext test) throws IOException {
    String responseUrl = pdm.gitLab().slack().newResponseUrl();
    String body = slashCommand(RM, "release-manager", "post_deploy_migrations status", responseUrl);
    signed("/hooks/slack/commands", body)
        .compose(ack -> {
          test.verify(() -> {
            assertThat(ack.statusCode()).isEqualTo(200);
            assertThat(ack.getHeader("Content-Type")).startsWith("application/json");
            assertThat(ack.bodyAsJsonObject().getString("response_type")).isEqualTo("ephemeral");
            assertThat(ack.bodyAsJsonObject().getString("text")).contains("Working on /pdm post_deploy_migrations");
          });
          return answerAt(vertx, responseUrl);
        })
        .onComplete(test.succeeding(answers -> test.verify(() -> {
          assertThat(answers).singleElement().satisfies(answer -> {
            assertThat(answer.getString("response_type")).isEqualTo("ephemeral");
            assertThat(answer.getString("text")).isEqualTo("Post-deploy migrations: status");
            assertThat(answer.getJsonArray("blocks").encode()).contains("*gstg*").contains("*gprd*")
                .contains("20241106150244").contains("!171204").contains("active-incidents").contains("*PASS*")
                .contains("*Active run:* none");
          });
          test.completeNow();
        })));
  }

  @Test
  void someonePdmDoesNotKnowIsRefusedAndNothingFollows(Vertx vertx, VertxTestContext test) throws IOException {
    String responseUrl = pdm.gitLab().slack().newResponseUrl();
    signed("/hooks/slack/commands", slashCommand("U2147483697", "Steve", "status", responseUrl))
        .onComplete(test.succeeding(answer -> test.verify(() -> {
          assertThat(answer.statusCode()).isEqualTo(200);
          assertThat(answer.bodyAsJsonObject().encode()).contains("Not allowed").contains("pdm does not know you")
              .contains("U2147483697");
          assertThat(pdm.gitLab().slack().responses(responseUrl)).isEmpty();
          test.completeNow();
        })));
  }

  @Test
  void aTamperedAStaleOrARepeatedRequestGets401AndStartsNothing(VertxTestContext test) throws IOException {
    String body = slashCommand(RM, "release-manager", "execute confirm", pdm.gitLab().slack().newResponseUrl());
    String help = slashCommand(RM, "release-manager", "help", pdm.gitLab().slack().newResponseUrl());
    long now = Instant.now().getEpochSecond();
    String ts = Long.toString(now);
    List<Integer> statuses = new java.util.ArrayList<>();
    client.post(pdm.port(), "127.0.0.1", "/hooks/slack/commands")
        .putHeader("X-Slack-Request-Timestamp", ts)
        .putHeader("X-Slack-Signature", signature.sign(ts, body.replace("execute+confirm", "status")
            .getBytes(StandardCharsets.UTF_8)))
        .sendBuffer(Buffer.buffer(body))
        .compose(tampered -> {
          statuses.add(tampered.statusCode());
          return client.post(pdm.port(), "127.0.0.1", "/hooks/slack/commands").sendBuffer(Buffer.buffer(body));
        })
        .compose(unsigned -> {
          statuses.add(unsigned.statusCode());
          return post("/hooks/slack/commands", body, 1531420618L);
        })
        .compose(stale -> {
          statuses.add(stale.statusCode());
          return post("/hooks/slack/commands", help, now);
        })
        .compose(first -> {
          statuses.add(first.statusCode());
          return post("/hooks/slack/commands", help, now);
        })
        .compose(again -> {
          statuses.add(again.statusCode());
          return pdm.get("/api/v1/runs");
        })
        .onComplete(test.succeeding(runs -> test.verify(() -> {
          assertThat(statuses).containsExactly(401, 401, 401, 200, 401);
          assertThat(runs.bodyAsJsonObject().getJsonArray("runs")).isEmpty();
          test.completeNow();
        })));
  }

  @Test
  void aClickShapedLikeSlacksDocumentedBlockActionsStartsTheRunAsThatUser(Vertx vertx, VertxTestContext test)
      throws IOException {
    String responseUrl = pdm.gitLab().slack().newResponseUrl();
    JsonObject payload = new JsonObject(resource("block-actions.json"));
    payload.getJsonObject("user").put("id", RM).put("username", "release-manager");
    payload.put("response_url", responseUrl);
    payload.getJsonArray("actions").getJsonObject(0).put("action_id", "pdm_run")
        .put("value", "8f0c1e55-8d7c-4f4e-b1f1-5f7b6b9d2a10");
    String body = "payload=" + URLEncoder.encode(payload.encode(), StandardCharsets.UTF_8);
    signed("/hooks/slack/interactions", body)
        .compose(ack -> {
          test.verify(() -> assertThat(ack.statusCode()).isEqualTo(200));
          return answerAt(vertx, responseUrl);
        })
        .compose(answers -> {
          test.verify(() -> assertThat(answers).singleElement().satisfies(answer -> {
            assertThat(answer.getBoolean("replace_original")).isTrue();
            assertThat(answer.getString("text")).contains("started");
          }));
          return pdm.get("/api/v1/runs");
        })
        .onComplete(test.succeeding(runs -> test.verify(() -> {
          assertThat(runs.bodyAsJsonObject().getJsonArray("runs")).singleElement()
              .satisfies(run -> assertThat(((JsonObject) run).getString("requested_by"))
                  .isEqualTo("release-manager (slack:" + RM + ")"));
          test.completeNow();
        })));
  }

  @Test
  void aModalSubmissionShapedLikeSlacksDocumentedOneRecordsTheDecisionWithItsReason(Vertx vertx,
      VertxTestContext test) throws IOException {
    String template = resource("view-submission.json");
    pdm.post("/api/v1/runs", new JsonObject())
        .compose(created -> {
          String runId = created.bodyAsJsonObject().getString("id");
          JsonObject payload = new JsonObject(template);
          payload.getJsonObject("user").put("id", RM).put("username", "release-manager");
          JsonObject view = payload.getJsonObject("view").put("callback_id", "pdm_decision")
              .put("private_metadata", new JsonObject().put("action", "pdm_cancel").put("run", runId)
                  .put("stage", "-").encode());
          view.getJsonObject("state").put("values", new JsonObject().put("reason", new JsonObject()
              .put("reason_input", new JsonObject().put("type", "plain_text_input")
                  .put("value", "stopping: a change request starts in ten minutes"))));
          return signed("/hooks/slack/interactions", "payload=" + URLEncoder.encode(payload.encode(),
              StandardCharsets.UTF_8)).map(closed -> {
                test.verify(() -> assertThat(closed.statusCode()).isEqualTo(200));
                return runId;
              });
        })
        .compose(runId -> Eventually.until(vertx, "the outcome, told to the release manager",
            () -> !pdm.gitLab().slack().workspace().directMessages(RM).isEmpty())
            .compose(v -> pdm.get("/api/v1/runs/" + runId)))
        .onComplete(test.succeeding(run -> test.verify(() -> {
          assertThat(run.bodyAsJsonObject().getJsonArray("audit").encode()).contains("\"action\":\"cancel\"")
              .contains("release-manager (slack:" + RM + ")").contains("a change request starts in ten minutes");
          assertThat(pdm.gitLab().slack().workspace().directMessages(RM)).singleElement()
              .satisfies(dm -> assertThat(dm.readable()).contains("Cancel recorded"));
          test.completeNow();
        })));
  }
}
