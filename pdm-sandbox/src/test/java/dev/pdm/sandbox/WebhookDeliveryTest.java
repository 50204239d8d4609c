package dev.pdm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.sandbox.hooks.WebhookDelivery;
import dev.pdm.sandbox.scenario.ScenarioFaults;
import dev.pdm.sandbox.scenario.ScenarioFaults.WebhookFault;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Project hooks are delivered like GitLab's, with payloads shaped like the fixtures. */
class WebhookDeliveryTest {
  private static final String SECRET = "hook-secret-123";
  private RunningSandbox running;
  private Http http;
  private HookReceiver receiver;

  /** Fixture fields the sandbox leaves null or absent on purpose, and why. */
  private static final Map<String, String> PIPELINE_EXCEPTIONS = Map.of(
      "merge_request", "only sent for merge request pipelines; pdm's pipelines are API-triggered",
      "source_pipeline", "only sent for child pipelines of a multi-project pipeline",
      "jobs", "gitlab4j's name for the list GitLab sends as builds (checked there)",
      "object_attributes.name", "null in GitLab when the pipeline has no custom name",
      "builds[].environment", "the sandbox's jobs deploy to no environment: pdm records db/ENV"
          + " deployments itself");
  private static final Map<String, String> JOB_EXCEPTIONS = Map.of(
      "source_pipeline", "only sent for jobs of child pipelines",
      "commit.name", "null in GitLab when the pipeline has no custom name",
      "environment", "the sandbox's jobs deploy to no environment",
      "job_id", "gitlab4j-job-event.json uses job_* names; GitLab's documented payload and"
          + " gitlab4j-build-event.json use build_* (checked there)",
      "job_name", "see job_id", "job_stage", "see job_id", "job_status", "see job_id",
      "job_allow_failure", "see job_id", "job_failure_reason", "see job_id");
  private static final Map<String, String> DEPLOYMENT_EXCEPTIONS = Map.of(
      "deployable_id", "deployments recorded through the API have no CI job; GitLab sends null",
      "deployable_url", "deployments recorded through the API have no CI job; GitLab sends null",
      "environment_external_url", "db/ENV environments have no external URL");

  private static final Map<String, String> ISSUE_EXCEPTIONS = Map.ofEntries(
      Map.entry("object_attributes.assignee_ids", "sandbox issues have no assignees; GitLab"
          + " sends an empty array then"),
      Map.entry("object_attributes.assignee_id", "null in GitLab without an assignee"),
      Map.entry("assignees", "empty in GitLab without an assignee"),
      Map.entry("assignee", "absent in GitLab without an assignee"),
      Map.entry("object_attributes.health_status", "null in GitLab when not set"),
      Map.entry("object_attributes.escalation_status", "only sent for incidents (checked in"
          + " IncidentWorkflowTest); the compared issue is a change request"),
      Map.entry("object_attributes.escalation_policy", "only sent for incidents"),
      Map.entry("object_attributes.labels[].group_id", "the sandbox's labels are project"
          + " labels; GitLab sends null for them"),
      Map.entry("labels[].group_id", "see object_attributes.labels[].group_id"),
      Map.entry("changes.labels.previous[].group_id", "see object_attributes.labels[].group_id"),
      Map.entry("changes.labels.current[].group_id", "see object_attributes.labels[].group_id"));

  @BeforeEach
  void start() {
    running = RunningSandbox.start("happy");
    http = new Http(running.sandbox.apiUrl(), running.sandbox.token());
    receiver = new HookReceiver(running.vertx);
    for (String project : List.of("11437", "278964")) {
      assertThat(http.post("/projects/" + project + "/hooks", "{\"url\":\"" + receiver.url()
          + "\",\"token\":\"" + SECRET + "\",\"pipeline_events\":true,\"job_events\":true,"
          + "\"deployment_events\":true,\"push_events\":false}").statusCode()).isEqualTo(201);
    }
  }

  @AfterEach
  void stop() {
    receiver.close();
    running.close();
  }

  private long migrate(String env) {
    long id = running.migrate(env);
    running.runUntilIdle();
    return id;
  }

  @Test
  void deliversPipelineAndJobHooksWithGitLabsHeaders() {
    long id = migrate("gstg");

    HookReceiver.Received success = receiver.await("Pipeline Hook", b ->
        b.getJsonObject("object_attributes").getString("status").equals("success"));

    assertThat(success.headers().get("X-Gitlab-Token")).isEqualTo(SECRET);
    assertThat(success.headers().get("X-Gitlab-Event-UUID")).matches("[0-9a-f-]{36}");
    assertThat(success.headers().get("X-Gitlab-Instance")).isEqualTo(running.sandbox.url());
    assertThat(success.body().getJsonObject("object_attributes").getLong("id")).isEqualTo(id);
    assertThat(receiver.await("Pipeline Hook", b -> b.getJsonObject("object_attributes")
        .getString("status").equals("running"))).isNotNull();
    assertThat(receiver.await("Job Hook", b -> b.getString("build_name")
        .equals("gstg-postdeploy-migrations") && b.getString("build_status").equals("success")))
        .isNotNull();
  }

  @Test
  void pipelineHookPayloadsHaveTheFixturesFieldsAndTypes() throws IOException {
    migrate("gstg");
    JsonNode ours = Http.parse(receiver.await("Pipeline Hook", b -> b.getJsonObject(
        "object_attributes").getString("status").equals("success")).body().encode());

    for (String fixture : List.of("pipeline-hook.json", "gitlab4j-pipeline-event.json")) {
      assertThat(JsonShape.differences(fixture(fixture), ours, PIPELINE_EXCEPTIONS))
          .as(fixture).isEmpty();
    }
  }

  @Test
  void jobHookPayloadsHaveTheFixturesFieldsAndTypes() throws IOException {
    migrate("gstg");
    JsonNode ours = Http.parse(receiver.await("Job Hook", b -> b.getString("build_status")
        .equals("success")).body().encode());

    for (String fixture : List.of("job-hook.json", "gitlab4j-build-event.json",
        "gitlab4j-job-event.json")) {
      assertThat(JsonShape.differences(fixture(fixture), ours, JOB_EXCEPTIONS))
          .as(fixture).isEmpty();
    }
  }

  @Test
  void deploymentHookPayloadsHaveTheFixturesFieldsAndTypes() throws IOException {
    String sha = http.json("/projects/278964/deployments?environment=gstg&sort=desc").get(0)
        .get("sha").asText();
    http.post("/projects/278964/deployments", "{\"environment\":\"db/gstg\",\"sha\":\"" + sha
        + "\",\"ref\":\"master\",\"tag\":false,\"status\":\"success\"}");

    JsonNode ours = Http.parse(receiver.await("Deployment Hook", b -> true).body().encode());

    for (String fixture : List.of("deployment-hook.json", "gitlab4j-deployment-event.json")) {
      assertThat(JsonShape.differences(fixture(fixture), ours, DEPLOYMENT_EXCEPTIONS))
          .as(fixture).isEmpty();
    }
    assertThat(ours.get("environment").asText()).isEqualTo("db/gstg");
    assertThat(ours.get("status_changed_at").asText())
        .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\+0000");
  }

  @Test
  void issueHookPayloadsHaveTheFixturesFieldsAndTypes() throws IOException {
    http.post("/projects/7444821/hooks", "{\"url\":\"" + receiver.url() + "\",\"token\":\""
        + SECRET + "\",\"issues_events\":true,\"push_events\":false}");
    long iid = Http.parse(http.post("/projects/7444821/issues", "{\"title\":\"[C2] Mark a"
        + " migration complete\",\"labels\":\"change,change::scheduled\"}").body())
        .get("iid").asLong();
    http.put("/projects/7444821/issues/" + iid, "{\"labels\":\"change,change::in-progress\"}");

    HookReceiver.Received update = receiver.await("Issue Hook", b -> "update".equals(
        b.getJsonObject("object_attributes").getString("action")));
    JsonNode ours = Http.parse(update.body().encode());

    assertThat(JsonShape.differences(fixture("issue-hook.json"), ours, ISSUE_EXCEPTIONS))
        .isEmpty();
    assertThat(update.headers().get("X-Gitlab-Token")).isEqualTo(SECRET);
    assertThat(ours.get("object_attributes").get("created_at").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(ours.get("changes").get("updated_at").get("current").asText())
        .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC");
    assertThat(ours.get("object_attributes").get("type").asText()).isEqualTo("Issue");
  }

  @Test
  void aFailedDeliveryIsRecordedAndNotRetried() {
    receiver.status = 500;
    migrate("gstg");
    receiver.await("Pipeline Hook", b -> b.getJsonObject("object_attributes")
        .getString("status").equals("success"));
    HookReceiver.pause(200);

    List<WebhookDelivery> pipelineDeliveries = running.sandbox.webhookDeliveries().stream()
        .filter(d -> d.event().equals("Pipeline Hook")).toList();

    assertThat(pipelineDeliveries).allSatisfy(d -> {
      assertThat(d.outcome()).isEqualTo("failed");
      assertThat(d.responseStatus()).contains(500);
    });
    assertThat(receiver.received("Pipeline Hook")).hasSameSizeAs(pipelineDeliveries);
  }

  @Test
  void anInjectedDropLosesTheDeliveryAndADuplicateSendsItTwiceWithTheSameUuid() {
    running.sandbox.faults().arm(new ScenarioFaults(null, null, null, List.of(
        new WebhookFault("Pipeline Hook", "drop", 1),
        new WebhookFault("Job Hook", "duplicate", 1))));
    migrate("gstg");
    receiver.await("Pipeline Hook", b -> b.getJsonObject("object_attributes")
        .getString("status").equals("success"));
    HookReceiver.pause(200);

    List<WebhookDelivery> deliveries = running.sandbox.webhookDeliveries();
    WebhookDelivery dropped = deliveries.stream().filter(d -> d.outcome().equals("dropped"))
        .findFirst().orElseThrow();
    List<HookReceiver.Received> firstJob = receiver.received("Job Hook").stream()
        .filter(r -> r.body().getString("build_status").equals("pending")
            && r.body().getString("build_name").equals("gstg-prepare")).toList();

    assertThat(dropped.event()).isEqualTo("Pipeline Hook");
    assertThat(receiver.received("Pipeline Hook")).noneSatisfy(r -> assertThat(
        r.headers().get("X-Gitlab-Event-UUID")).isEqualTo(dropped.eventUuid()));
    assertThat(firstJob).hasSize(2);
    assertThat(firstJob.get(0).headers().get("X-Gitlab-Event-UUID"))
        .isEqualTo(firstJob.get(1).headers().get("X-Gitlab-Event-UUID"));
  }

  private static JsonNode fixture(String name) throws IOException {
    return Http.parse(Files.readString(FixtureContractTest.FIXTURES.resolve("webhooks")
        .resolve(name)));
  }
}
