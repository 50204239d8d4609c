package dev.pdm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.sandbox.scenario.ScenarioFaults;
import dev.pdm.sandbox.scenario.ScenarioFaults.HttpFault;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Injected HTTP faults, the chat sink, and the /-/sandbox control endpoints. */
class FaultsChatAndIntrospectionTest {
  private RunningSandbox running;
  private Http api;
  private Http root;

  @BeforeEach
  void start() {
    running = RunningSandbox.start("happy");
    api = new Http(running.sandbox.apiUrl(), running.sandbox.token());
    root = new Http(running.sandbox.url(), null);
  }

  @AfterEach
  void stop() {
    running.close();
  }

  private void arm(HttpFault fault) {
    running.sandbox.faults().arm(new ScenarioFaults(null, null, List.of(fault), null));
  }

  @Test
  void answersAnInjected503OnceThenRecovers() {
    arm(new HttpFault("GET", "^/projects/278964$", 503, 1, null, null));

    HttpResponse<String> failed = api.get("/projects/278964");
    HttpResponse<String> recovered = api.get("/projects/278964");

    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(failed.body()).isEqualTo("{\"message\":\"503 Service Unavailable\"}");
    assertThat(recovered.statusCode()).isEqualTo(200);
  }

  @Test
  void answersAnInjected429WithRetryAfter() {
    arm(new HttpFault(null, "/pipelines", 429, 2, 7, null));

    HttpResponse<String> limited = api.get("/projects/11437/pipelines");

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).contains("7");
    assertThat(limited.headers().firstValue("RateLimit-Remaining")).contains("0");
    assertThat(api.get("/projects/11437/pipelines").statusCode()).isEqualTo(429);
    assertThat(api.get("/projects/11437/pipelines").statusCode()).isEqualTo(200);
  }

  @Test
  void delaysAnInjectedSlowResponse() {
    arm(new HttpFault(null, "/user", 0, 1, null, 400));

    long started = System.nanoTime();
    HttpResponse<String> slow = api.get("/user");
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertThat(slow.statusCode()).isEqualTo(200);
    assertThat(millis).isGreaterThanOrEqualTo(400);
  }

  @Test
  void theChatSinkRecordsSlackMessagesAndShowsThem() {
    Http chat = new Http(running.sandbox.chatWebhookUrl(), null);

    HttpResponse<String> posted = chat.post("", "{\"text\":\"PDM run 42 started on gstg\"}");
    HttpResponse<String> empty = chat.post("", "{}");

    assertThat(posted.statusCode()).isEqualTo(200);
    assertThat(posted.body()).isEqualTo("ok");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(running.sandbox.chatMessages()).extracting(m -> m.text())
        .containsExactly("PDM run 42 started on gstg");
    assertThat(root.json("/-/sandbox/chat").get(0).get("text").asText())
        .isEqualTo("PDM run 42 started on gstg");
  }

  @Test
  void theClockIsDrivenOverHttp() {
    Instant before = Instant.parse(root.json("/-/sandbox/clock").get("now").asText());

    assertThat(root.post("/-/sandbox/clock/advance?seconds=90", "").statusCode()).isEqualTo(204);
    Instant after = Instant.parse(root.json("/-/sandbox/clock").get("now").asText());
    HttpResponse<String> bad = root.post("/-/sandbox/clock/advance?seconds=-1", "");

    assertThat(after).isEqualTo(before.plusSeconds(90));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("seconds").contains("-1");
  }

  @Test
  void aPipelineRunsToTheEndWhenTheClockRunsUntilIdleOverHttp() {
    long id = Http.parse(api.post("/projects/11437/pipeline", "{\"ref\":\"master\","
        + "\"variables\":[{\"key\":\"DEPLOY_ENVIRONMENT\",\"value\":\"gstg\"}]}").body())
        .get("id").asLong();

    root.post("/-/sandbox/clock/run-until-idle", "");
    JsonNode state = root.json("/-/sandbox/state");

    assertThat(api.json("/projects/11437/pipelines/" + id).get("status").asText())
        .isEqualTo("success");
    assertThat(state.get("schema_migrations").get("gstg")).hasSize(6);
  }

  @Test
  void loadsAnotherScenarioAndResetsOverHttp() {
    assertThat(root.post("/-/sandbox/scenario", "{\"scenario\":\"change-in-progress\"}")
        .statusCode()).isEqualTo(204);
    JsonNode changes = api.json("/projects/7444821/issues?labels=change::in-progress"
        + "&state=opened");
    api.post("/projects/7444821/issues", "{\"title\":\"extra\"}");

    assertThat(root.post("/-/sandbox/reset", "").statusCode()).isEqualTo(204);

    assertThat(changes).hasSize(1);
    assertThat(root.json("/-/sandbox/scenarios").get("loaded").asText())
        .isEqualTo("change-in-progress");
    assertThat(api.json("/projects/7444821/issues?search=extra")).isEmpty();
    assertThat(root.post("/-/sandbox/scenario", "{\"scenario\":\"nope\"}").statusCode())
        .isEqualTo(400);
  }

  @Test
  void anInconsistentScenarioIsRefusedAndChangesNothing(@TempDir Path dir) throws IOException {
    running.close();
    running = RunningSandbox.start(SandboxOptions.defaults().withManualClock()
        .withScenariosDir(dir));
    root = new Http(running.sandbox.url(), null);
    Files.writeString(dir.resolve("bad.yaml"), "name: bad\nbase: happy\ndeployments:\n"
        + "  - {project: gitlab-org/gitlab, environment: gstg, commit: no-such-commit}\n");
    new Http(running.sandbox.chatWebhookUrl(), null).post("", "{\"text\":\"kept\"}");

    HttpResponse<String> refused = root.post("/-/sandbox/scenario",
        "{\"scenario\":\"bad.yaml\"}");

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("deployments.commit").contains("no-such-commit");
    assertThat(root.json("/-/sandbox/scenarios").get("loaded").asText()).isEqualTo("happy");
    assertThat(running.sandbox.chatMessages()).hasSize(1);
  }

  @Test
  void webLinksOpenAPlainTextNoteInsteadOfAnError() {
    String webUrl = api.json("/projects/11437").get("web_url").asText();

    HttpResponse<String> page = new Http(webUrl, null).get("/-/pipelines/1");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    assertThat(page.body()).contains("/gitlab-com/gl-infra/deployer/-/pipelines/1");
  }

  @Test
  void armsListsAndClearsFaultsOverHttp() {
    HttpResponse<String> armed = root.post("/-/sandbox/faults", "{\"http\":[{\"path\":"
        + "\"/version\",\"status\":502,\"times\":1}]}");

    assertThat(armed.statusCode()).isEqualTo(201);
    assertThat(root.json("/-/sandbox/faults").get("http")).hasSize(1);
    assertThat(api.get("/version").statusCode()).isEqualTo(502);
    assertThat(root.json("/-/sandbox/faults").get("http")).isEmpty();
    assertThat(root.post("/-/sandbox/faults", "{\"bogus\":1}").statusCode()).isEqualTo(400);
  }

  @Test
  void recordsDeploymentsIssuesNotesAndLabelsWrittenThroughTheApi() {
    api.put("/projects/278964/merge_requests/171001",
        "{\"add_labels\":\"workflow::post-deploy-db-staging\",\"remove_labels\":\"database\"}");
    JsonNode incident = Http.parse(api.post("/projects/7444821/issues", "{\"title\":"
        + "\"PDM failed on gstg\",\"issue_type\":\"incident\",\"labels\":\"severity::3,pdm\"}")
        .body());
    api.put("/projects/7444821/issues/" + incident.get("iid").asLong(),
        "{\"state_event\":\"close\",\"add_labels\":\"resolved\"}");
    HttpResponse<String> badType = api.post("/projects/7444821/issues",
        "{\"title\":\"x\",\"issue_type\":\"bug\"}");

    assertThat(running.sandbox.mergeRequestLabels("gitlab-org/gitlab", 171001))
        .contains("workflow::post-deploy-db-staging").doesNotContain("database");
    assertThat(api.json("/projects/278964/merge_requests/171001/resource_label_events"))
        .anySatisfy(e -> assertThat(e.get("label").get("name").asText())
            .isEqualTo("workflow::post-deploy-db-staging"));
    assertThat(running.sandbox.issues("gitlab-com/gl-infra/production")).anySatisfy(i -> {
      assertThat(i.title()).isEqualTo("PDM failed on gstg");
      assertThat(i.issueType()).isEqualTo("incident");
      assertThat(i.state()).isEqualTo("closed");
      assertThat(i.labels()).containsExactly("severity::3", "pdm", "resolved");
    });
    assertThat(api.json("/projects/7444821/issues/" + incident.get("iid").asLong()
        + "/resource_label_events").get(0).get("label").get("name").asText())
        .isEqualTo("resolved");
    assertThat(badType.statusCode()).isEqualTo(400);
    assertThat(badType.body()).contains("issue_type");
  }
}
