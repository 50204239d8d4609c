package dev.pdm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pipelines progress like GitLab's, and the migration job behaves like Rails' db:migrate. */
class PipelineProgressTest {
  private static final String DEPLOYER = "/projects/11437";
  private RunningSandbox running;
  private Http http;

  private void given(String scenario) {
    running = RunningSandbox.start(scenario);
    http = new Http(running.sandbox.apiUrl(), running.sandbox.token());
  }

  @AfterEach
  void stop() {
    running.close();
  }

  private long trigger(String project, String variable, String env) {
    JsonNode pipeline = Http.parse(http.post(project + "/pipeline", "{\"ref\":\"master\","
        + "\"variables\":[{\"key\":\"" + variable + "\",\"value\":\"" + env + "\"},"
        + "{\"key\":\"PDM_RUN_ID\",\"value\":\"run-42\"},"
        + "{\"key\":\"PDM_STAGE\",\"value\":\"" + env + "\"}]}").body());
    assertThat(pipeline.get("status").asText()).isEqualTo("created");
    return pipeline.get("id").asLong();
  }

  private JsonNode pipeline(long id) {
    return http.json(DEPLOYER + "/pipelines/" + id);
  }

  private JsonNode migrationJob(long pipeline, String env) {
    for (JsonNode job : http.json(DEPLOYER + "/pipelines/" + pipeline + "/jobs")) {
      if (job.get("name").asText().equals(env + "-postdeploy-migrations")) {
        return job;
      }
    }
    throw new AssertionError("no migration job in pipeline " + pipeline);
  }

  private String trace(long job) {
    return http.get(DEPLOYER + "/jobs/" + job + "/trace").body();
  }

  @Test
  void aMigrationPipelineGoesFromCreatedToPendingToRunningToSuccess() {
    given("happy");
    long id = trigger(DEPLOYER, "DEPLOY_ENVIRONMENT", "gstg");

    running.advance(Duration.ofSeconds(1));
    assertThat(pipeline(id).get("status").asText()).isEqualTo("pending");
    running.advance(Duration.ofSeconds(5));
    assertThat(pipeline(id).get("status").asText()).isEqualTo("running");
    running.runUntilIdle();

    JsonNode done = pipeline(id);
    assertThat(done.get("status").asText()).isEqualTo("success");
    Instant started = Instant.parse(done.get("started_at").asText());
    Instant finished = Instant.parse(done.get("finished_at").asText());
    assertThat(finished).isAfter(started.plusSeconds(60));
    assertThat(done.get("duration").asLong()).isPositive()
        .isLessThanOrEqualTo(Duration.between(started, finished).toSeconds());
    assertThat(field(http.json(DEPLOYER + "/pipelines/" + id + "/jobs"), "status"))
        .containsOnly("success").hasSize(3);
  }

  @Test
  void storesAndReturnsThePipelineVariablesPdmUsesToFindItsPipelines() {
    given("happy");
    long id = trigger(DEPLOYER, "DEPLOY_ENVIRONMENT", "gstg");

    JsonNode variables = http.json(DEPLOYER + "/pipelines/" + id + "/variables");

    assertThat(field(variables, "key"))
        .containsExactly("DEPLOY_ENVIRONMENT", "PDM_RUN_ID", "PDM_STAGE");
    assertThat(field(variables, "value")).containsExactly("gstg", "run-42", "gstg");
    assertThat(variables.get(0).get("variable_type").asText()).isEqualTo("env_var");
  }

  @Test
  void theMigrationJobRunsEveryPendingMigrationInVersionOrderAndRecordsThem() {
    given("happy");
    long id = trigger(DEPLOYER, "DEPLOY_ENVIRONMENT", "gstg");
    running.runUntilIdle();

    String log = trace(migrationJob(id, "gstg").get("id").asLong());

    List<String> announces = lines(log).stream().filter(l -> l.startsWith("main: == ")).toList();
    assertThat(announces).hasSize(8);
    assertThat(announces.get(0)).isEqualTo("main: == 20241105093011 "
        + "AddIndexCiPipelinesOnAutoCanceledById: migrating ============");
    assertThat(announces).allSatisfy(l -> assertThat(l.substring("main: ".length()).length())
        .isGreaterThanOrEqualTo(79));
    assertThat(log).contains("section_start:").contains("section_end:")
        .contains("main: -- remove_column(:merge_requests, :merge_jid_legacy, :text)")
        .contains("main:    -> 18.4402s");
    assertThat(running.sandbox.schemaMigrations("gstg")).contains("20241105093011",
        "20241106150244", "20241107101010", "20241108120000");
    assertThat(running.sandbox.schemaMigrations("gprd")).doesNotContain("20241105093011");
  }

  @Test
  void runningTheMigrationsAgainMigratesNothingBecauseNothingIsPending() {
    given("happy");
    trigger(DEPLOYER, "DEPLOY_ENVIRONMENT", "gstg");
    running.runUntilIdle();
    long again = trigger(DEPLOYER, "DEPLOY_ENVIRONMENT", "gstg");
    running.runUntilIdle();

    String log = trace(migrationJob(again, "gstg").get("id").asLong());

    assertThat(pipeline(again).get("status").asText()).isEqualTo("success");
    assertThat(log).doesNotContain("migrating").contains("Job succeeded");
  }

  @Test
  void aSecondMigrationJobOnTheSameEnvironmentFailsWhileTheFirstHoldsRailsLock() {
    given("happy");
    long first = trigger(DEPLOYER, "DEPLOY_ENVIRONMENT", "gstg");
    long second = trigger(DEPLOYER, "DEPLOY_ENVIRONMENT", "gstg");
    running.runUntilIdle();

    assertThat(pipeline(first).get("status").asText()).isEqualTo("success");
    assertThat(pipeline(second).get("status").asText()).isEqualTo("failed");
    assertThat(trace(migrationJob(second, "gstg").get("id").asLong()))
        .contains("ActiveRecord::ConcurrentMigrationError")
        .doesNotContain("migrating");
    assertThat(running.sandbox.schemaMigrations("gstg")).hasSize(6);
  }

  @Test
  void theJobLogGrowsWhileTheJobRuns() {
    given("happy");
    long id = trigger(DEPLOYER, "DEPLOY_ENVIRONMENT", "gstg");
    running.advance(Duration.ofSeconds(80));
    JsonNode job = migrationJob(id, "gstg");
    String partial = trace(job.get("id").asLong());

    running.runUntilIdle();

    assertThat(job.get("status").asText()).isEqualTo("running");
    assertThat(partial).isNotEmpty().doesNotContain("Job succeeded");
    assertThat(trace(job.get("id").asLong())).startsWith(partial).contains("Job succeeded");
  }

  @Test
  void aFailingMigrationFailsTheJobWithRailsErrorBlockAndKeepsEarlierMigrations()
      throws IOException {
    given("staging-migration-fails");
    long id = trigger(DEPLOYER, "DEPLOY_ENVIRONMENT", "gstg");
    running.runUntilIdle();

    JsonNode job = migrationJob(id, "gstg");
    List<String> ours = errorBlock(trace(job.get("id").asLong()));
    List<String> real = errorBlock(Files.readString(FixtureContractTest.FIXTURES
        .resolve("traces/migrate-failure-duplicate-table.log")));

    assertThat(pipeline(id).get("status").asText()).isEqualTo("failed");
    assertThat(job.get("status").asText()).isEqualTo("failed");
    assertThat(job.get("failure_reason").asText()).isEqualTo("script_failure");
    assertThat(http.json(DEPLOYER + "/pipelines/" + id + "/jobs?scope[]=skipped")).hasSize(1);
    assertThat(ours).hasSameSizeAs(real);
    for (int i = 0; i < real.size(); i++) {
      String expected = real.get(i);
      assertThat(ours.get(i)).startsWith(expected.substring(0, Math.min(20, expected.length())));
    }
    assertThat(ours).contains("PG::DuplicateTable: ERROR:  relation "
        + "\"ci_job_token_authorizations_archive\" already exists");
    assertThat(running.sandbox.schemaMigrations("gstg")).contains("20241105093011")
        .doesNotContain("20241106150244", "20241107101010");
  }

  @Test
  void retryingAFailedMigrationPipelineFailsAgainUntilTheFaultIsCleared() {
    given("staging-migration-fails");
    long id = trigger(DEPLOYER, "DEPLOY_ENVIRONMENT", "gstg");
    running.runUntilIdle();

    JsonNode retried = Http.parse(http.post(DEPLOYER + "/pipelines/" + id + "/retry", "").body());
    assertThat(retried.get("status").asText()).isEqualTo("pending");
    running.runUntilIdle();
    assertThat(pipeline(id).get("status").asText()).isEqualTo("failed");

    running.sandbox.faults().clear();
    http.post(DEPLOYER + "/pipelines/" + id + "/retry", "");
    running.runUntilIdle();

    assertThat(pipeline(id).get("status").asText()).isEqualTo("success");
    assertThat(http.json(DEPLOYER + "/pipelines/" + id + "/jobs?include_retried=true"))
        .hasSizeGreaterThan(3);
    assertThat(running.sandbox.schemaMigrations("gstg")).contains("20241106150244",
        "20241108120000");
  }

  @Test
  void cancelingARunningPipelineCancelsItsJobs() {
    given("happy");
    long id = trigger(DEPLOYER, "DEPLOY_ENVIRONMENT", "gstg");
    running.advance(Duration.ofSeconds(20));

    JsonNode canceled = Http.parse(http.post(DEPLOYER + "/pipelines/" + id + "/cancel", "")
        .body());
    running.runUntilIdle();

    assertThat(canceled.get("status").asText()).isEqualTo("canceled");
    assertThat(pipeline(id).get("status").asText()).isEqualTo("canceled");
    assertThat(field(http.json(DEPLOYER + "/pipelines/" + id + "/jobs"), "status"))
        .containsOnly("canceled");
    assertThat(running.sandbox.schemaMigrations("gstg")).hasSize(2);
  }

  @Test
  void aQaPipelineFailsWhenTheScenarioMakesAQaJobFail() {
    given("qa-fails");
    long id = trigger("/projects/14290", "QA_ENVIRONMENT", "gstg");
    running.runUntilIdle();

    JsonNode jobs = http.json("/projects/14290/pipelines/" + id + "/jobs");

    assertThat(http.json("/projects/14290/pipelines/" + id).get("status").asText())
        .isEqualTo("failed");
    assertThat(field(jobs, "name")).contains("qa-smoke", "qa-reliable", "qa-report");
    assertThat(field(http.json("/projects/14290/pipelines/" + id + "/jobs?scope[]=failed"),
        "name")).containsExactly("qa-smoke");
  }

  @Test
  void filtersPipelinesByStatusRefAndUpdateTime() {
    given("happy");
    Instant before = running.sandbox.clock().now();
    long id = trigger(DEPLOYER, "DEPLOY_ENVIRONMENT", "gstg");
    running.runUntilIdle();

    assertThat(field(http.json(DEPLOYER + "/pipelines?status=success&ref=master"), "id"))
        .containsExactly(Long.toString(id));
    assertThat(http.json(DEPLOYER + "/pipelines?status=running")).isEmpty();
    assertThat(http.json(DEPLOYER + "/pipelines?updated_after=" + before)).hasSize(1);
    assertThat(http.json(DEPLOYER + "/pipelines?updated_after="
        + running.sandbox.clock().now().plusSeconds(1))).isEmpty();
  }

  private static List<String> field(JsonNode array, String name) {
    List<String> values = new java.util.ArrayList<>();
    array.forEach(element -> values.add(element.get(name).asText()));
    return values;
  }

  private static List<String> lines(String log) {
    return Arrays.stream(log.replaceAll("\u001b\\[[0-9;]*[mK]", "").split("\r?\n"))
        .map(l -> l.replaceAll("^section_(start|end):\\d+:[a-z_]+\r", "")).toList();
  }

  private static List<String> errorBlock(String log) {
    List<String> all = lines(log);
    int start = all.indexOf("rake aborted!");
    int end = all.indexOf("(See full trace by running task with --trace)");
    return all.subList(start, end + 1);
  }
}
