package dev.pdm.server.chatops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.sandbox.slack.SlackMessage;
import dev.pdm.sandbox.slack.SlackWorkspace;
import dev.pdm.server.testing.Eventually;
import dev.pdm.server.testing.SandboxedPdm;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ChatOps end to end: the sandbox's Slack workspace sends signed slash commands and clicks to pdm, pdm drives runs on
 * the simulated GitLab and keeps one message per run in #releases.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 150, timeUnit = TimeUnit.SECONDS)
class ChatOpsSandboxTest {
  private static final String RM = SlackWorkspace.RELEASE_MANAGER.id();
  private static final String VIEWER = SlackWorkspace.VIEWER.id();
  private static final String DEPLOYER = "gitlab-com/gl-infra/deployer";
  private SandboxedPdm pdm;

  @AfterEach
  void stop(VertxTestContext test) {
    (pdm == null ? Future.<Void>succeededFuture() : pdm.close()).onComplete(test.succeedingThenComplete());
  }

  private Future<JsonObject> command(String user, String text) {
    return pdm.gitLab().slack().app().command(new JsonObject().put("user", user).put("text", text));
  }

  private Future<JsonObject> click(String user, String actionId) {
    return pdm.gitLab().slack().app().click(new JsonObject().put("user", user).put("action_id", actionId));
  }

  /** Starts pdm on a scenario, asks {@code /pdm execute} and clicks Run as the release manager; the run's id. */
  private Future<String> executeAndRun(Vertx vertx, String scenario) {
    return SandboxedPdm.start(vertx, scenario)
        .compose(started -> {
          pdm = started;
          return command(RM, "execute");
        })
        .compose(preview -> {
          assertThat(preview.getInteger("status")).as(preview.encode()).isEqualTo(200);
          assertThat(preview.getJsonArray("responses").encode()).contains("pdm_run").contains("ready to run");
          return click(RM, "pdm_run");
        })
        .compose(clicked -> {
          assertThat(clicked.getJsonArray("responses").encode()).as(clicked.encode()).contains("started");
          return pdm.get("/api/v1/runs?limit=1");
        })
        .map(runs -> runs.bodyAsJsonObject().getJsonArray("runs").getJsonObject(0).getString("id"));
  }

  private List<SlackMessage> releases() {
    return pdm.gitLab().slack().workspace().channelMessages(SlackWorkspace.RELEASES);
  }

  @Test
  void executeAndRunStartRunAsTheSlackUserAndOneChannelMessageFollowsEveryStage(Vertx vertx,
      VertxTestContext test) {
    executeAndRun(vertx, "happy")
        .compose(id -> pdm.settled(id))
        .compose(run -> Eventually.until(vertx, "the run's message says succeeded",
            () -> releases().get(0).current().getString("text").endsWith(": succeeded"))
            .map(run))
        .compose(run -> pdm.get("/api/v1/runs/" + run.getString("id")).map(r -> r.bodyAsJsonObject()))
        .onComplete(test.succeeding(run -> test.verify(() -> {
          assertThat(run.getString("status")).isEqualTo("succeeded");
          assertThat(run.getString("requested_by")).isEqualTo("release-manager (slack:" + RM + ")");
          assertThat(run.getJsonArray("audit").getJsonObject(0).getString("actor"))
              .isEqualTo("release-manager (slack:" + RM + ")");
          List<SlackMessage> messages = releases();
          assertThat(messages).as("one message per run").hasSize(1);
          SlackMessage message = messages.get(0);
          assertThat(message.edits()).as("updated in place as stages progress").isGreaterThanOrEqualTo(5);
          assertThat(message.versions()).as("staging shown while it was in progress").anySatisfy(v ->
              assertThat(v.encode())
                  .containsPattern("Staging \\(gstg\\) migrations — \\*(triggering|running|recording)\\*"));
          assertThat(message.current().getString("text")).contains(": succeeded");
          assertThat(message.current().encode()).doesNotContain("pdm_retry")
              .contains("Staging (gstg) migrations — *succeeded*")
              .contains("Production (gprd) migrations — *succeeded*");
          List<SlackMessage> thread = pdm.gitLab().slack().workspace().thread(SlackWorkspace.RELEASES,
              message.ts());
          assertThat(thread).as("each stage's details in the thread").hasSizeGreaterThanOrEqualTo(message.edits());
          assertThat(thread).anySatisfy(reply -> assertThat(reply.readable()).contains("STARTED")
              .contains("20241105093011 AddIndexCiPipelinesOnAutoCanceledById"));
          assertThat(thread).anySatisfy(reply -> assertThat(reply.readable()).contains("Production (gprd)"));
          test.completeNow();
        })));
  }

  @Test
  void aFailedStagingMigrationIsToldToTheAuthorTheApproverAndTheStarterAndOnlyAnOperatorRetries(Vertx vertx,
      VertxTestContext test) {
    JsonObject[] answers = new JsonObject[2];
    executeAndRun(vertx, "staging-migration-fails")
        .compose(id -> pdm.settled(id))
        .compose(run -> Eventually.until(vertx, "the triage in the run's message, who was told in its thread",
            () -> releases().get(0).current().encode().contains("PG::DuplicateTable")
            && pdm.gitLab().slack().workspace().messages().stream().anyMatch(m -> m.readable().contains("Who was told")))
            .map(run))
        .compose(run -> {
          test.verify(() -> {
            assertThat(run.getString("status")).isEqualTo("waiting_for_decision");
            SlackWorkspace slack = pdm.gitLab().slack().workspace();
            for (String user : List.of("U0GL1202", "U0GL1204", RM)) {
              assertThat(slack.directMessages(user)).as(user).singleElement().satisfies(dm -> assertThat(dm.readable())
                  .contains("20241106150244").contains("CreateCiJobTokenAuthorizationsArchive")
                  .contains("PG::DuplicateTable").contains("!171204").contains("Not retried automatically"));
            }
            assertThat(slack.directMessages("U0GL1202").get(0).readable()).contains("you wrote its merge request");
            assertThat(slack.directMessages("U0GL1204").get(0).readable()).contains("you approved its merge request");
            assertThat(slack.directMessages(RM).get(0).readable()).contains("you started the run");
            SlackMessage message = releases().get(0);
            assertThat(message.current().encode()).contains("pdm_retry").contains("pdm_mitigate")
                .contains("waiting for decision");
            assertThat(slack.thread(SlackWorkspace.RELEASES, message.ts()))
                .anySatisfy(reply -> assertThat(reply.readable()).contains("Who was told").contains("<@U0GL1202>"));
          });
          return command(VIEWER, "retry migrate-gstg the table was dropped by hand");
        })
        .compose(refused -> {
          answers[0] = refused;
          test.verify(() -> assertThat(pdm.gitLab().pipelines(DEPLOYER)).hasSize(1));
          return command(RM, "retry migrate-gstg the table was dropped by hand, see the incident");
        })
        .compose(retried -> {
          answers[1] = retried;
          return Eventually.until(vertx, "the retried stage's pipeline",
              () -> pdm.gitLab().pipelines(DEPLOYER).size() == 2);
        })
        .compose(retriggered -> pdm.get("/api/v1/runs?limit=1"))
        .onComplete(test.succeeding(runs -> test.verify(() -> {
          assertThat(answers[0].getInteger("status")).isEqualTo(200);
          assertThat(answers[0].getJsonObject("body").encode()).contains("Not allowed").contains("a viewer");
          assertThat(answers[0].getJsonArray("responses")).isEmpty();
          assertThat(answers[1].getJsonArray("responses").encode()).contains("Retry of migrate-gstg recorded");
          assertThat(pdm.gitLab().pipelines(DEPLOYER)).hasSize(2);
          JsonObject run = runs.bodyAsJsonObject().getJsonArray("runs").getJsonObject(0);
          assertThat(run.getJsonObject("state").getJsonObject("run").getJsonArray("decisions").encode())
              .contains("release-manager (slack:" + RM + ")").contains("the table was dropped by hand");
          test.completeNow();
        })));
  }

  @Test
  void anOperatorDecidesFromChatThatAFailureBlocksDeploymentsAndTheIncidentIsLabelledAndNoted(Vertx vertx,
      VertxTestContext test) {
    JsonObject[] answers = new JsonObject[2];
    String[] runId = new String[1];
    executeAndRun(vertx, "staging-migration-fails")
        .compose(id -> {
          runId[0] = id;
          return pdm.await(id, run -> run.getJsonObject("state").getJsonObject("incidents", new JsonObject())
              .containsKey("migrate-gstg"), "the incident workflow of migrate-gstg");
        })
        .compose(run -> command(VIEWER, "block migrate-gstg yes gprd would fail the same way"))
        .compose(refused -> {
          answers[0] = refused;
          return command(RM, "block migrate-gstg yes gprd would fail the same way");
        })
        .compose(decided -> {
          answers[1] = decided;
          return pdm.await(runId[0], run -> run.getJsonObject("state").getJsonObject("incidents")
              .getJsonObject("migrate-gstg").getJsonArray("timeline").stream().map(JsonObject.class::cast)
              .anyMatch(e -> "BLOCK_DECIDED".equals(e.getString("kind")) && e.getBoolean("note_posted", false)),
              "the blocking decision noted on the incident");
        })
        .compose(run -> pdm.get("/api/v1/runs/" + runId[0]).map(r -> r.bodyAsJsonObject()))
        .onComplete(test.succeeding(run -> test.verify(() -> {
          assertThat(answers[0].getJsonObject("body").encode()).contains("Not allowed").contains("a viewer");
          assertThat(answers[1].getJsonArray("responses").encode())
              .contains("Incident: blocks deployments of migrate-gstg recorded");
          long incident = run.getJsonObject("state").getJsonObject("incidents").getJsonObject("migrate-gstg")
              .getJsonObject("subject").getJsonObject("incident").getLong("iid");
          var issue = pdm.gitLab().issues("gitlab-com/gl-infra/production").stream().filter(i -> i.iid() == incident)
              .findFirst().orElseThrow();
          assertThat(issue.labels()).contains("blocks deployments");
          assertThat(issue.notes()).anySatisfy(note -> assertThat(note).contains("This failure blocks deployments")
              .contains("release-manager (slack:" + RM + ")").contains("gprd would fail the same way"));
          assertThat(run.getJsonArray("audit").stream().map(JsonObject.class::cast))
              .anySatisfy(entry -> assertThat(entry.getString("action")).isEqualTo("incident: blocks deployments"));
          test.completeNow();
        })));
  }

  @Test
  void aForgedOrReplayedCommandChangesNothing(Vertx vertx, VertxTestContext test) {
    JsonObject[] answers = new JsonObject[3];
    SandboxedPdm.start(vertx, "happy")
        .compose(started -> {
          pdm = started;
          return pdm.gitLab().slack().app().command(new JsonObject().put("user", RM).put("text", "execute confirm")
              .put("signing_secret", "not-the-apps-secret"));
        })
        .compose(forged -> {
          answers[0] = forged;
          return pdm.gitLab().slack().app().command(new JsonObject().put("user", RM).put("text", "execute confirm")
              .put("timestamp", System.currentTimeMillis() / 1000 - 6 * 60));
        })
        .compose(replayed -> {
          answers[1] = replayed;
          return pdm.gitLab().slack().app().click(new JsonObject().put("user", RM).put("action_id", "pdm_run")
              .put("signing_secret", "not-the-apps-secret"));
        })
        .recover(noButtonShown -> Future.succeededFuture(new JsonObject().put("message", noButtonShown.getMessage())))
        .compose(click -> {
          answers[2] = click;
          return pdm.get("/api/v1/runs");
        })
        .onComplete(test.succeeding(runs -> test.verify(() -> {
          assertThat(answers[0].getInteger("status")).isEqualTo(401);
          assertThat(answers[1].getInteger("status")).isEqualTo(401);
          assertThat(answers[1].getJsonObject("body").getString("message")).contains("X-Slack-Request-Timestamp");
          assertThat(answers[0].getJsonArray("responses")).isEmpty();
          assertThat(answers[2].getString("message")).contains("no message shows a button pdm_run");
          assertThat(runs.bodyAsJsonObject().getJsonArray("runs")).isEmpty();
          assertThat(pdm.gitLab().pipelines(DEPLOYER)).isEmpty();
          assertThat(releases()).isEmpty();
          test.completeNow();
        })));
  }

  @Test
  void autoDeployStatusAnswersLikePdmExecuted(Vertx vertx, VertxTestContext test) {
    JsonObject[] executed = new JsonObject[1];
    String sha = "c3cbb6081b701e99db36793db4a60a7601a305fb";
    SandboxedPdm.start(vertx, "happy")
        .compose(started -> {
          pdm = started;
          return pdm.get("/api/v1/executed?mr=!171204");
        })
        .compose(api -> {
          executed[0] = api.bodyAsJsonObject();
          return command(RM, "auto_deploy status " + executed[0].getString("sha"));
        })
        .onComplete(test.succeeding(answer -> test.verify(() -> {
          String chat = answer.getJsonArray("responses").encode();
          assertThat(chat).contains("Was it executed?").contains(executed[0].getString("sha").substring(0, 11));
          for (Object env : executed[0].getJsonArray("environments")) {
            JsonObject environment = (JsonObject) env;
            assertThat(chat).contains("*" + environment.getString("environment") + "*");
            for (Object s : environment.getJsonArray("sources")) {
              JsonObject source = (JsonObject) s;
              assertThat(chat).contains(source.getString("source") + " *" + source.getString("executed") + "*");
            }
          }
          test.completeNow();
        })));
  }

  @Test
  void theFailedRunsButtonsAskForAReasonInAModalAndSomeoneNotInSlackIsNamedInTheThread(Vertx vertx,
      VertxTestContext test) {
    JsonObject[] opened = new JsonObject[1];
    SandboxedPdm.start(vertx, "staging-migration-fails")
        .compose(started -> {
          pdm = started;
          pdm.gitLab().slack().workspace().remove("U0GL1202");
          return command(RM, "execute confirm");
        })
        .compose(started -> pdm.get("/api/v1/runs?limit=1"))
        .map(runs -> runs.bodyAsJsonObject().getJsonArray("runs").getJsonObject(0).getString("id"))
        .compose(id -> pdm.settled(id))
        .compose(run -> Eventually.until(vertx, "who was told, in the thread",
            () -> pdm.gitLab().slack().workspace().messages().stream()
                .anyMatch(m -> m.readable().contains("Who was told"))))
        .compose(told -> click(VIEWER, "pdm_mitigate"))
        .compose(refused -> {
          test.verify(() -> {
            assertThat(refused.getJsonArray("responses").encode()).contains("Not allowed");
            assertThat(pdm.gitLab().slack().workspace().views()).isEmpty();
          });
          return click(RM, "pdm_mitigate");
        })
        .compose(clicked -> {
          opened[0] = clicked.getJsonObject("view");
          return pdm.gitLab().slack().app().submit(new JsonObject().put("user", RM).put("values", new JsonObject()
              .put("kind", "other").put("reason", "dropped the leftover table by hand, see the incident")));
        })
        .compose(submitted -> Eventually.until(vertx, "the outcome, told to the release manager",
            () -> pdm.gitLab().slack().workspace().directMessages(RM).stream()
                .anyMatch(dm -> dm.readable().contains("Mitigation other of migrate-gstg recorded"))))
        .compose(recorded -> pdm.get("/api/v1/runs?limit=1"))
        .onComplete(test.succeeding(runs -> test.verify(() -> {
          assertThat(opened[0]).isNotNull();
          assertThat(opened[0].getString("callback_id")).isEqualTo("pdm_decision");
          assertThat(opened[0].getJsonArray("blocks").encode()).contains("\"block_id\":\"reason\"")
              .contains("\"block_id\":\"kind\"").contains("mark-complete");
          JsonObject run = runs.bodyAsJsonObject().getJsonArray("runs").getJsonObject(0);
          assertThat(run.getJsonObject("state").getJsonObject("run").getJsonArray("decisions").encode())
              .contains("MITIGATION_OTHER").contains("dropped the leftover table by hand")
              .contains("release-manager (slack:" + RM + ")");
          SlackMessage message = releases().get(0);
          assertThat(pdm.gitLab().slack().workspace().thread(SlackWorkspace.RELEASES, message.ts()))
              .anySatisfy(reply -> assertThat(reply.readable()).contains("bruno-costa")
                  .contains("could not be told directly").contains("no Slack user has their public GitLab e-mail"));
          assertThat(pdm.gitLab().slack().workspace().directMessages("U0GL1204")).hasSize(1);
          test.completeNow();
        })));
  }
}
