package dev.pdm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every REST fixture in gitlab-fixtures/rest (real GitLab responses, see its SOURCES.md) is compared with the
 * sandbox's answer for the same kind of object: same field names, same JSON types.
 */
class FixtureContractTest {
  static final Path FIXTURES = Path.of(System.getProperty("pdm.fixtures",
      "src/test/resources/gitlab-fixtures"));
  private static RunningSandbox running;
  private static Http http;
  private static long pipelineId;
  private static long jobId;
  private static long hookId;

  /** Fields the sandbox leaves null or absent on purpose, per fixture, and why. */
  private static final Map<String, Map<String, String>> EXCEPTIONS = Map.ofEntries(
      Map.entry("commit.json", Map.of(
          "status", "GitLab gives the commit's latest pipeline status; no pipeline ran on"
              + " scenario commits, and GitLab answers null then",
          "last_pipeline", "null in GitLab too when no pipeline ran for the commit")),
      Map.entry("deployment.json", Map.of(
          "environment.external_url", "db/ENV environments have no external URL; GitLab"
              + " answers null then",
          "deployable", "deployments created through the API (pdm's db/ENV records) and the"
              + " scenario's package deployments have no CI job; GitLab answers null then")),
      Map.entry("environment.json", Map.of(
          "auto_stop_at", "null in GitLab when the environment has no auto-stop",
          "last_deployment.deployable", "see deployment.json")),
      Map.entry("issue.json", Map.of(
          "milestone", "scenarios use no milestones; GitLab answers null then",
          "assignee", "scenario issues are unassigned; GitLab answers null then",
          "closed_at", "the compared issue is open; GitLab answers null then",
          "closed_by", "the compared issue is open; GitLab answers null then",
          "epic", "no epics in the sandbox; GitLab answers null for issues without an epic",
          "iteration", "no iterations in the sandbox; GitLab answers null then",
          "health_status", "not set on scenario issues; GitLab answers null then",
          "time_stats.human_time_estimate", "null in GitLab when no estimate is set",
          "time_stats.human_total_time_spent", "null in GitLab when no time was spent")),
      Map.entry("job.json", Map.of(
          "artifacts_file", "only present in GitLab when the job uploaded an artifacts archive;"
              + " sandbox jobs only have a trace",
          "erased_at", "null in GitLab when the job was not erased",
          "failure_reason", "the compared job succeeded; GitLab answers null then",
          "artifacts_expire_at", "null in GitLab when the job has no expiring artifacts")),
      Map.entry("members.json", Map.of(
          "expires_at", "null in GitLab when the membership does not expire",
          "group_saml_identity", "only present in GitLab for SAML-linked members")),
      Map.entry("merge-request.json", Map.of(
          "squash_commit_sha", "null in GitLab when the MR was not squashed",
          "merge_error", "null in GitLab when the merge succeeded",
          "head_pipeline", "the scenario's MRs have no pipelines; GitLab answers null then",
          "time_stats.human_time_estimate", "null in GitLab when no estimate is set",
          "time_stats.human_total_time_spent", "null in GitLab when no time was spent")),
      Map.entry("note.json", Map.of(
          "resolved_at", "null in GitLab for notes that are not resolvable")),
      Map.entry("pipeline.json", Map.of(
          "yaml_errors", "null in GitLab when the CI configuration is valid",
          "coverage", "null in GitLab when no job reports coverage",
          "name", "null in GitLab when the pipeline has no custom name")),
      Map.entry("project.json", Map.ofEntries(
          Map.entry("readme_url", "null in GitLab without a README"),
          Map.entry("avatar_url", "null in GitLab without an avatar"),
          Map.entry("namespace.parent_id", "null for top-level groups"),
          Map.entry("namespace.avatar_url", "null in GitLab without an avatar"),
          Map.entry("owner", "GitLab only sets owner for projects in a user namespace"),
          Map.entry("import_url", "null for projects that were not imported"),
          Map.entry("import_type", "null for projects that were not imported"),
          Map.entry("import_error", "null for projects that were not imported"),
          Map.entry("runners_token", "only shown to maintainers; the sandbox never shows it"),
          Map.entry("license_url", "null in GitLab when the repository has no licence file"),
          Map.entry("license", "null in GitLab when the repository has no licence file"),
          Map.entry("marked_for_deletion_on", "null unless the project is pending deletion"),
          Map.entry("container_expiration_policy.name_regex_keep", "null when not set"),
          Map.entry("group_with_project_templates_id", "null when not set"),
          Map.entry("template_name", "null when the project was not made from a template"),
          Map.entry("shared_with_groups", "sandbox projects are shared with no group"),
          Map.entry("compliance_frameworks", "empty array in GitLab without frameworks"),
          Map.entry("tag_list", "empty array in GitLab without topics"),
          Map.entry("topics", "empty array in GitLab without topics"))),
      Map.entry("user.json", Map.of(
          "shared_runners_minutes_limit", "null in GitLab when the instance default applies",
          "extra_shared_runners_minutes_limit", "null in GitLab when none were bought",
          "identities", "the sandbox users have no external identities")));

  @BeforeAll
  static void startAndExercise() {
    running = RunningSandbox.start("happy");
    http = new Http(running.sandbox.apiUrl(), running.sandbox.token());
    JsonNode pipeline = Http.parse(http.post("/projects/11437/pipeline", "{\"ref\":\"master\","
        + "\"variables\":[{\"key\":\"DEPLOY_ENVIRONMENT\",\"value\":\"gstg\"}]}").body());
    pipelineId = pipeline.get("id").asLong();
    running.runUntilIdle();
    jobId = http.json("/projects/11437/pipelines/" + pipelineId + "/jobs?scope[]=success")
        .get(0).get("id").asLong();
    hookId = Http.parse(http.post("/projects/11437/hooks",
        "{\"url\":\"http://127.0.0.1:9/hook\",\"pipeline_events\":true}").body()).get("id")
        .asLong();
    http.post("/projects/5064907/issues/2/notes", "{\"body\":\"Post-deploy migrations ran\"}");
  }

  @AfterAll
  static void stop() {
    running.close();
  }

  @TestFactory
  Stream<DynamicTest> everyRestFixtureHasTheSameFieldsAndTypesAsTheSandboxAnswer()
      throws IOException {
    Map<String, Supplier<JsonNode>> answers = answers();
    try (Stream<Path> files = Files.list(FIXTURES.resolve("rest"))) {
      List<Path> fixtures = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
      assertThat(fixtures).isNotEmpty();
      return fixtures.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(),
          () -> {
            String name = file.getFileName().toString();
            assertThat(answers).as("a sandbox endpoint for fixture " + name).containsKey(name);
            JsonNode fixture = Http.parse(Files.readString(file));
            JsonNode actual = answers.get(name).get();
            JsonNode fixtureObject = fixture.isArray() ? fixture.get(0) : fixture;
            JsonNode actualObject = fixture.isArray() ? actual.get(0) : actual;
            assertThat(actualObject).as("sandbox answer for " + name).isNotNull();
            assertThat(JsonShape.differences(fixtureObject, actualObject,
                EXCEPTIONS.getOrDefault(name, Map.of()))).as(name).isEmpty();
          }));
    }
  }

  /**
   * What the sandbox answers about things made by its faults and its incident workflow (a
   * pipeline committed late, an MR merged through the API and its merge commit, a package
   * deployed, the global issue list, a confidential incident, a hook for issue events) has
   * the fixtures' shape too.
   */
  @TestFactory
  Stream<DynamicTest> answersAboutWhatFaultsAndTheIncidentWorkflowMadeHaveTheFixturesShape()
      throws IOException {
    Map<String, JsonNode> answers = new java.util.LinkedHashMap<>();
    try (RunningSandbox other = RunningSandbox.start("staging-migration-fails")) {
      Http api = new Http(other.sandbox.apiUrl(), other.sandbox.token());
      Http root = new Http(other.sandbox.url(), null);
      root.post("/-/sandbox/faults", "{\"pipelines\":[{\"visible_after_seconds\":30}]}");
      long late = Http.parse(api.post("/projects/11437/pipeline", "{\"ref\":\"master\","
          + "\"variables\":[{\"key\":\"DEPLOY_ENVIRONMENT\",\"value\":\"gprd\"}]}").body())
          .get("id").asLong();
      other.runUntilIdle();
      String mr = "/projects/278964/merge_requests/171688";
      api.put(mr + "/merge", "{}");
      root.post("/-/sandbox/deploy", "{\"environment\":\"gstg\"}");
      long hook = Http.parse(api.post("/projects/7444821/hooks", "{\"url\":"
          + "\"http://127.0.0.1:9/hook\",\"issues_events\":true,"
          + "\"confidential_issues_events\":true}").body()).get("id").asLong();
      long incident = Http.parse(api.post("/projects/7444821/issues", "{\"title\":\"PDM:"
          + " migration failed\",\"issue_type\":\"incident\",\"confidential\":true}").body())
          .get("iid").asLong();
      answers.put("pipeline.json (committed late)", api.json("/projects/11437/pipelines/"
          + late));
      answers.put("merge-request.json (merged through the API)", api.json(mr));
      answers.put("commit.json (merge commit)", api.json("/projects/278964/repository/commits/"
          + api.json(mr).get("merge_commit_sha").asText()));
      answers.put("deployment.json (package deployed)", api.json("/projects/278964/deployments/"
          + api.json("/projects/278964/deployments?environment=gstg&sort=desc").get(0)
          .get("id").asLong()));
      answers.put("issue.json (global list)", api.json("/issues?scope=all").get(0));
      answers.put("issue.json (confidential incident)", api.json("/projects/7444821/issues/"
          + incident));
      answers.put("hook.json (issue events)", api.json("/projects/7444821/hooks/" + hook));
    }
    return answers.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      String name = e.getKey().substring(0, e.getKey().indexOf(' '));
      JsonNode fixture = Http.parse(Files.readString(FIXTURES.resolve("rest").resolve(name)));
      assertThat(JsonShape.differences(fixture.isArray() ? fixture.get(0) : fixture,
          e.getValue(), EXCEPTIONS.getOrDefault(name, Map.of()))).as(e.getKey()).isEmpty();
    }));
  }

  private static Map<String, Supplier<JsonNode>> answers() {
    String mr = "/projects/278964/merge_requests/171001";
    return Map.ofEntries(
        Map.entry("approval-state.json", () -> http.json(mr + "/approval_state")),
        Map.entry("approvals.json", () -> http.json(mr + "/approvals")),
        Map.entry("commit.json", () -> http.json("/projects/278964/repository/commits/"
            + http.json(mr).get("sha").asText())),
        Map.entry("compare-results.json", () -> http.json("/projects/278964/repository/compare"
            + "?from=" + http.json("/projects/278964/deployments?environment=db%2Fgstg")
            .get(0).get("sha").asText() + "&to=master")),
        Map.entry("deployment.json", () -> http.json("/projects/278964/deployments/"
            + http.json("/projects/278964/deployments").get(0).get("id").asLong())),
        Map.entry("environment.json", () -> http.json("/projects/278964/environments/"
            + http.json("/projects/278964/environments?name=gstg").get(0).get("id").asLong())),
        Map.entry("hook.json", () -> http.json("/projects/11437/hooks/" + hookId)),
        Map.entry("issue.json", () -> http.json("/projects/5064907/issues/2")),
        Map.entry("job.json", () -> http.json("/projects/11437/jobs/" + jobId)),
        Map.entry("label-events.json", () -> http.json(mr + "/resource_label_events")),
        Map.entry("members.json", () -> http.json(
            "/groups/gitlab-org%2Fmaintainers%2Fdatabase/members")),
        Map.entry("merge-request.json", () -> http.json(mr)),
        Map.entry("note.json", () -> http.json("/projects/5064907/issues/2/notes")
            .get(0)),
        Map.entry("pipeline-variables.json", () -> http.json("/projects/11437/pipelines/"
            + pipelineId + "/variables")),
        Map.entry("pipeline.json", () -> http.json("/projects/11437/pipelines/" + pipelineId)),
        Map.entry("project.json", () -> http.json("/projects/gitlab-org%2Fgitlab")),
        Map.entry("user.json", () -> http.json("/user")));
  }
}
