package dev.pdm.server.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.sandbox.SandboxSnapshots.DeploymentSnapshot;
import dev.pdm.sandbox.SandboxSnapshots.IssueSnapshot;
import dev.pdm.sandbox.scenario.ScenarioFaults;
import dev.pdm.server.testing.RunHistory;
import dev.pdm.server.testing.SandboxedPdm;
import dev.pdm.server.testing.TestConfig;
import dev.pdm.server.testing.TestDatabase;
import dev.pdm.sandbox.SandboxOptions;
import java.util.Optional;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A run, end to end: REST API → orchestrator → simulated GitLab → webhooks and polling → PostgreSQL. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class SandboxRunTest {
  private static final String DEPLOYER = "gitlab-com/gl-infra/deployer";
  private static final String QA = "gitlab-org/quality/staging";
  private SandboxedPdm pdm;

  @AfterEach
  void stop(VertxTestContext test) {
    (pdm == null ? Future.<Void>succeededFuture() : pdm.close()).onComplete(test.succeedingThenComplete());
  }

  private Future<JsonObject> startRun(Vertx vertx, String scenario) {
    return SandboxedPdm.start(vertx, scenario)
        .compose(started -> {
          pdm = started;
          return pdm.post("/api/v1/runs", new JsonObject());
        })
        .map(response -> {
          assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
          return response.bodyAsJsonObject();
        });
  }

  private static JsonObject stage(JsonObject run, String id) {
    JsonArray stages = run.getJsonObject("state").getJsonObject("run").getJsonArray("stages");
    for (int i = 0; i < stages.size(); i++) {
      if (stages.getJsonObject(i).getJsonObject("spec").getString("id").equals(id)) {
        return stages.getJsonObject(i);
      }
    }
    throw new AssertionError("no stage " + id);
  }

  @Test
  void happyRunMigratesStagingPassesQaMigratesProductionAndRecordsEverything(Vertx vertx, VertxTestContext test) {
    List<String> logLines = new ArrayList<>();
    List<JsonObject> executed = new ArrayList<>();
    startRun(vertx, "happy")
        .compose(run -> pdm.settled(run.getString("id")))
        .compose(run -> pdm.get("/api/v1/executed?mr=!171204").map(answer -> {
          executed.add(answer.bodyAsJsonObject());
          return run;
        }))
        .compose(run -> pdm.get("/api/v1/runs/" + run.getString("id") + "/events?limit=1000").map(events -> {
          events.bodyAsJsonObject().getJsonArray("events").stream().map(JsonObject.class::cast)
              .filter(e -> "JobLog".equals(e.getString("type")))
              .filter(e -> "migrate-gstg".equals(e.getJsonObject("payload").getString("stage_id")))
              .forEach(e -> e.getJsonObject("payload").getJsonArray("lines").forEach(l -> logLines.add((String) l)));
          return run;
        }))
        .onComplete(test.succeeding(run -> test.verify(() -> {
          assertThat(run.getString("status")).isEqualTo("succeeded");
          JsonArray answers = executed.get(0).getJsonArray("environments");
          assertThat(answers).hasSize(2);
          answers.stream().map(JsonObject.class::cast).forEach(env -> assertThat(env.getJsonArray("sources").stream()
              .map(JsonObject.class::cast).map(source -> source.getString("source") + "=" + source.getString("executed")))
              .as(env.getString("environment")).containsExactlyInAnyOrder("deployments=YES", "labels=YES", "runs=YES"));
          assertThat(logLines).as("the migration job's log, streamed into the run's events")
              .anySatisfy(l -> assertThat(l).contains("AddIndexCiPipelinesOnAutoCanceledById: migrating"))
              .noneSatisfy(l -> assertThat(l).contains("\u001b["));
          assertThat(pdm.gitLab().pipelines(DEPLOYER)).hasSize(2)
              .extracting(p -> p.variables().get("DEPLOY_ENVIRONMENT")).containsExactly("gstg", "gprd");
          assertThat(pdm.gitLab().pipelines(QA)).hasSize(1);
          for (String project : List.of("gitlab-org/gitlab", "gitlab-org/security/gitlab")) {
            assertThat(pdm.gitLab().deployments(project)).extracting(DeploymentSnapshot::environment)
                .contains("db/gstg", "db/gprd");
          }
          JsonArray migrations = run.getJsonObject("state").getJsonObject("pending").getJsonObject("gstg")
              .getJsonArray("migrations");
          assertThat(migrations).isNotEmpty();
          for (int i = 0; i < migrations.size(); i++) {
            long iid = migrations.getJsonObject(i).getJsonObject("merge_request").getLong("iid");
            assertThat(pdm.gitLab().mergeRequestLabels("gitlab-org/gitlab", iid))
                .contains("workflow::post-deploy-db-staging", "workflow::post-deploy-db-production");
          }
          assertThat(pdm.gitLab().issues("gitlab-org/release/tasks"))
              .flatExtracting(IssueSnapshot::notes)
              .anySatisfy(note -> assertThat(note).contains("Post-deploy migrations ran on `gstg`"))
              .anySatisfy(note -> assertThat(note).contains("Post-deploy migrations ran on `gprd`"));
          List<String> chat = pdm.gitLab().chatMessages().stream().map(m -> m.text()).toList();
          assertThat(chat).isNotEmpty();
          assertThat(chat.get(0)).contains("STARTED");
          assertThat(pdm.gitLab().chatMessages().get(0).payload().encode())
              .contains("20241105093011 AddIndexCiPipelinesOnAutoCanceledById");
          assertThat(chat.get(chat.size() - 1)).contains("SUCCEEDED").contains("/#/runs/" + run.getString("id"));
          assertThat(chat).anySatisfy(m -> assertThat(m).contains("Staging (gstg)"))
              .anySatisfy(m -> assertThat(m).contains("Production (gprd)"));
          test.completeNow();
        })));
  }

  @Test
  void aFailedStagingMigrationStopsBeforeProductionTriagesAndWaitsForAReasonedRetry(Vertx vertx,
      VertxTestContext test) {
    List<HttpResponse<Buffer>> retries = new ArrayList<>();
    startRun(vertx, "staging-migration-fails")
        .compose(run -> pdm.settled(run.getString("id")))
        .compose(run -> {
          test.verify(() -> {
            assertThat(run.getString("status")).isEqualTo("waiting_for_decision");
            assertThat(stage(run, "migrate-gstg").getString("status")).isEqualTo("FAILED");
            assertThat(stage(run, "migrate-gprd").getString("status")).isEqualTo("PENDING");
            assertThat(pdm.gitLab().pipelines(DEPLOYER)).hasSize(1);
            assertThat(pdm.gitLab().pipelines(QA)).isEmpty();
          });
          String id = run.getString("id");
          String jobUrl = stage(run, "migrate-gstg").getJsonArray("attempts").getJsonObject(0).getJsonObject("job")
              .getString("web_url");
          return pdm.get("/api/v1/triage?job=" + URLEncoder.encode(jobUrl, StandardCharsets.UTF_8))
              .map(triage -> {
                test.verify(() -> {
                  assertThat(triage.statusCode()).as(triage.bodyAsString()).isEqualTo(200);
                  JsonObject report = triage.bodyAsJsonObject().getJsonObject("report");
                  assertThat(report.getJsonObject("failed").getString("class_name"))
                      .isEqualTo("CreateCiJobTokenAuthorizationsArchive");
                  assertThat(report.getJsonObject("merge_request").getLong("iid")).isEqualTo(171204);
                  assertThat(report.getString("author")).isEqualTo("bruno-costa");
                  assertThat(report.getJsonObject("approver").getString("username")).isEqualTo("dana-okafor");
                });
                return triage;
              })
              .compose(triage -> pdm.post("/api/v1/runs/" + id + "/stages/migrate-gstg/retry", new JsonObject()))
              .compose(noReason -> {
                retries.add(noReason);
                return pdm.post("/api/v1/runs/" + id + "/stages/migrate-gstg/retry",
                    new JsonObject().put("reason", "the table was dropped by hand, see the incident"));
              })
              .compose(withReason -> {
                retries.add(withReason);
                return pdm.settled(id);
              });
        })
        .onComplete(test.succeeding(after -> test.verify(() -> {
          assertThat(retries.get(0).statusCode()).isEqualTo(400);
          assertThat(retries.get(0).bodyAsJsonObject().getString("message")).contains("reason: required");
          assertThat(retries.get(1).statusCode()).as(retries.get(1).bodyAsString()).isEqualTo(202);
          assertThat(pdm.gitLab().pipelines(DEPLOYER)).hasSize(2)
              .allSatisfy(p -> assertThat(p.variables()).containsEntry("DEPLOY_ENVIRONMENT", "gstg"));
          IssueSnapshot incident = pdm.gitLab().issues("gitlab-com/gl-infra/production").stream()
              .filter(i -> "incident".equals(i.issueType())
                  && i.description().contains("CreateCiJobTokenAuthorizations"))
              .findFirst().orElseThrow();
          assertThat(incident.description()).contains("20241106150244", "PG::DuplicateTable", "!171204",
              "@bruno-costa", "@dana-okafor");
          test.completeNow();
        })));
  }

  @Test
  void anActiveIncidentBlocksTheRunAndNothingIsTriggered(Vertx vertx, VertxTestContext test) {
    startRun(vertx, "incident-active")
        .compose(run -> pdm.settled(run.getString("id")))
        .onComplete(test.succeeding(run -> test.verify(() -> {
          assertThat(run.getString("status")).isEqualTo("blocked");
          JsonArray checks = stage(run, "migrate-gstg").getJsonArray("checks");
          assertThat(checks.stream().map(JsonObject.class::cast)
              .filter(c -> !"PASS".equals(c.getString("outcome"))).toList()).isNotEmpty();
          assertThat(pdm.gitLab().pipelines(DEPLOYER)).isEmpty();
          test.completeNow();
        })));
  }

  @ParameterizedTest(name = "{0}: run {1}, stage {2} {3}, {4} migration pipeline(s), {5} QA pipeline(s)")
  @CsvSource({
      "change-in-progress,         blocked,              migrate-gstg, BLOCKED,   0, 0",
      "nothing-pending,            blocked,              migrate-gstg, BLOCKED,   0, 0",
      "deployment-running,         blocked,              migrate-gprd, BLOCKED,   1, 1",
      "qa-fails,                   waiting_for_decision, qa-gstg,      FAILED,    1, 1",
      "production-migration-fails, waiting_for_decision, migrate-gprd, FAILED,    2, 1"})
  void eachScenarioStopsWhereItMust(String scenario, String runStatus, String stageId, String stageStatus,
      int migrationPipelines, int qaPipelines, Vertx vertx, VertxTestContext test) {
    startRun(vertx, scenario)
        .compose(run -> pdm.settled(run.getString("id")))
        .onComplete(test.succeeding(run -> test.verify(() -> {
          assertThat(run.getString("status")).isEqualTo(runStatus);
          assertThat(stage(run, stageId).getString("status")).isEqualTo(stageStatus);
          assertThat(pdm.gitLab().pipelines(DEPLOYER)).hasSize(migrationPipelines);
          assertThat(pdm.gitLab().pipelines(QA)).hasSize(qaPipelines);
          test.completeNow();
        })));
  }

  @Test
  void aViewerMayReadButNotExecuteAndTheSameIdempotencyKeyGivesTheSameRun(Vertx vertx, VertxTestContext test) {
    SandboxedPdm.start(vertx, "incident-active")
        .compose(started -> {
          pdm = started;
          return pdm.request(HttpMethod.POST, "/api/v1/runs").bearerTokenAuthentication(TestConfig.VIEWER_TOKEN)
              .send();
        })
        .compose(viewer -> {
          test.verify(() -> {
            assertThat(viewer.statusCode()).isEqualTo(403);
            assertThat(viewer.bodyAsJsonObject().getString("message")).contains("operator");
          });
          return pdm.request(HttpMethod.POST, "/api/v1/runs").bearerTokenAuthentication(TestConfig.OPERATOR_TOKEN)
              .putHeader("Idempotency-Key", "deploy-17-6-3").send();
        })
        .compose(first -> pdm.request(HttpMethod.POST, "/api/v1/runs")
            .bearerTokenAuthentication(TestConfig.OPERATOR_TOKEN).putHeader("Idempotency-Key", "deploy-17-6-3").send()
            .map(second -> List.of(first, second)))
        .compose(both -> pdm.request(HttpMethod.GET, "/api/v1/runs").bearerTokenAuthentication(TestConfig.VIEWER_TOKEN)
            .send().map(list -> {
              test.verify(() -> {
                assertThat(both.get(0).statusCode()).isEqualTo(201);
                assertThat(both.get(1).statusCode()).isEqualTo(200);
                assertThat(both.get(1).bodyAsJsonObject().getString("id"))
                    .isEqualTo(both.get(0).bodyAsJsonObject().getString("id"));
                assertThat(list.statusCode()).isEqualTo(200);
                assertThat(list.bodyAsJsonObject().getJsonArray("runs")).hasSize(1);
              });
              return list;
            }))
        .onComplete(test.succeedingThenComplete());
  }

  @ParameterizedTest(name = "every webhook {0}: the run still succeeds, each pipeline triggered once")
  @ValueSource(strings = {"drop", "duplicate"})
  void webhooksLostOrDuplicatedChangeNothing(String mode, Vertx vertx, VertxTestContext test) {
    SandboxedPdm.start(vertx, "happy")
        .compose(started -> {
          pdm = started;
          pdm.gitLab().faults().arm(new ScenarioFaults(null, null, null,
              List.of(new ScenarioFaults.WebhookFault(null, mode, 100_000))));
          return pdm.post("/api/v1/runs", new JsonObject());
        })
        .compose(created -> pdm.settled(created.bodyAsJsonObject().getString("id")))
        .onComplete(test.succeeding(run -> test.verify(() -> {
          assertThat(run.getString("status")).isEqualTo("succeeded");
          assertThat(pdm.gitLab().pipelines(DEPLOYER)).hasSize(2);
          assertThat(pdm.gitLab().pipelines(QA)).hasSize(1);
          if (mode.equals("drop")) {
            assertThat(pdm.gitLab().webhookDeliveries()).isNotEmpty()
                .allSatisfy(d -> assertThat(d.outcome()).isEqualTo("dropped"));
          }
          test.completeNow();
        })));
  }

  @Test
  void aStageRunningLongerThanThePlanAllowsIsAnnouncedAsSlowButNotStopped(Vertx vertx, VertxTestContext test) {
    String plan = """
        plan:
          - {kind: migrate, environment: gstg, timeout_seconds: 1}
          - {kind: qa, environment: gstg}
          - {kind: migrate, environment: gprd}
        """;
    SandboxedPdm.start(vertx, SandboxOptions.defaults().withScenario("happy").withSpeed(1), Optional.of(plan),
            TestDatabase.fresh())
        .compose(started -> {
          pdm = started;
          return pdm.post("/api/v1/runs", new JsonObject());
        })
        .compose(created -> slowStageAnnounced(vertx, created.bodyAsJsonObject().getString("id"), 60))
        .onComplete(test.succeeding(events -> test.verify(() -> {
          List<JsonObject> all = events.bodyAsJsonObject().getJsonArray("events").stream()
              .map(JsonObject.class::cast).toList();
          assertThat(all).filteredOn(e -> "StageTimedOut".equals(e.getString("type"))).hasSize(1);
          assertThat(all).anySatisfy(e -> assertThat(e.getJsonObject("payload").getString("kind", ""))
              .isEqualTo("STAGE_TIMED_OUT"));
          JsonObject latestRun = RunHistory.replay(all).getJsonObject("run");
          assertThat(latestRun.getString("status")).as("a slow stage is not stopped").isEqualTo("RUNNING");
          assertThat(pdm.gitLab().pipelines(DEPLOYER)).singleElement()
              .satisfies(p -> assertThat(p.status()).isIn("created", "pending", "running"));
          test.completeNow();
        })));
  }

  /** The run's events once its slow stage was announced in chat (a notification runs in its own lane). */
  private Future<HttpResponse<Buffer>> slowStageAnnounced(Vertx vertx, String runId, int triesLeft) {
    return vertx.timer(500).compose(t -> pdm.get("/api/v1/runs/" + runId + "/events?limit=1000")).compose(events -> {
      boolean announced = events.bodyAsJsonObject().getJsonArray("events").stream().map(JsonObject.class::cast)
          .anyMatch(e -> "STAGE_TIMED_OUT".equals(e.getJsonObject("payload").getString("kind", "")));
      return announced || triesLeft == 0 ? Future.succeededFuture(events) : slowStageAnnounced(vertx, runId, triesLeft - 1);
    });
  }

  @Test
  void gitLabRefusingPipelineCreationsUnprocessedDelaysTheRunShowsWhyAndNeverTriggersTwice(Vertx vertx,
      VertxTestContext test) {
    SandboxedPdm.start(vertx, "happy")
        .compose(started -> {
          pdm = started;
          pdm.gitLab().faults().arm(new ScenarioFaults(null, null,
              List.of(new ScenarioFaults.HttpFault("POST", "/pipeline$", 503, 4, null, null)), null));
          return pdm.post("/api/v1/runs", new JsonObject());
        })
        .compose(created -> pdm.settled(created.bodyAsJsonObject().getString("id"))
            .compose(run -> pdm.get("/api/v1/runs/" + run.getString("id") + "/events?limit=1000")
                .map(events -> List.of(run, events.bodyAsJsonObject()))))
        .onComplete(test.succeeding(both -> test.verify(() -> {
          assertThat(both.get(0).getString("status")).isEqualTo("succeeded");
          assertThat(pdm.gitLab().pipelines(DEPLOYER)).hasSize(2);
          assertThat(pdm.gitLab().pipelines(QA)).hasSize(1);
          assertThat(both.get(1).getJsonArray("events").stream().map(JsonObject.class::cast)
              .filter(e -> e.getString("type").equals("TriggerRefused")))
              .hasSize(4)
              .allSatisfy(e -> assertThat(e.getJsonObject("payload").getJsonObject("event").getString("reason")).contains("503"));
          test.completeNow();
        })));
  }

  @Test
  void fiftyConcurrentRequestsMakeOneRun(Vertx vertx, VertxTestContext test) {
    SandboxedPdm.start(vertx, "incident-active")
        .compose(started -> {
          pdm = started;
          List<Future<HttpResponse<Buffer>>> requests = new ArrayList<>();
          for (int i = 0; i < 50; i++) {
            requests.add(pdm.post("/api/v1/runs", new JsonObject()));
          }
          return Future.all(requests).map(all -> requests.stream().map(Future::result).toList());
        })
        .onComplete(test.succeeding(responses -> test.verify(() -> {
          assertThat(responses).filteredOn(r -> r.statusCode() == 201).hasSize(1);
          String id = responses.stream().filter(r -> r.statusCode() == 201).findFirst().orElseThrow()
              .bodyAsJsonObject().getString("id");
          assertThat(responses).filteredOn(r -> r.statusCode() == 409).hasSize(49)
              .allSatisfy(r -> assertThat(r.bodyAsJsonObject().getString("active_run_id")).isEqualTo(id));
          test.completeNow();
        })));
  }
}
