package dev.pdm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.sandbox.SandboxSnapshots.JobSnapshot;
import dev.pdm.sandbox.SandboxSnapshots.PipelineSnapshot;
import dev.pdm.sandbox.scenario.ScenarioFaults.MigrationFault;
import dev.pdm.sandbox.scenario.ScenarioFaults.PipelineFault;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pipelines that end up other than pdm expects: deleted, without their migration job, retried
 * by GitLab's {@code retry:}; and the pipeline list's filters over pipelines made long ago.
 */
class PipelineLifecycleFaultsTest {
  private static final String DEPLOYER = "gitlab-com/gl-infra/deployer";
  private static final String MIGRATION_JOB = "gstg-postdeploy-migrations";
  private RunningSandbox running;
  private Http api;
  private Http root;

  @BeforeEach
  void start() {
    running = RunningSandbox.start("happy");
    api = running.api();
    root = running.root();
  }

  @AfterEach
  void stop() {
    running.close();
  }

  private PipelineSnapshot pipeline(long id) {
    return running.sandbox.pipeline(id).orElseThrow();
  }

  private static List<String> names(List<JobSnapshot> jobs) {
    return jobs.stream().map(JobSnapshot::name).toList();
  }

  @Test
  void aDeletedPipelineIsGoneFromEveryAnswerAndStopsRunning() {
    long id = running.migrate("gstg");
    running.advance(Duration.ofSeconds(20));
    long jobId = pipeline(id).jobs().get(0).id();

    HttpResponse<String> deleted = api.delete("/projects/11437/pipelines/" + id);
    running.runUntilIdle();

    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(api.get("/projects/11437/pipelines/" + id).body())
        .isEqualTo("{\"message\":\"404 Not found\"}");
    assertThat(api.get("/projects/11437/jobs/" + jobId).statusCode()).isEqualTo(404);
    assertThat(api.json("/projects/11437/pipelines")).isEmpty();
    assertThat(running.sandbox.pipelines(DEPLOYER)).isEmpty();
    assertThat(running.sandbox.schemaMigrations("gstg")).hasSize(2);
    assertThat(api.delete("/projects/11437/pipelines/" + id).statusCode()).isEqualTo(404);
  }

  @Test
  void aPipelineDeletedWhileMigratingReleasesRailsLockForTheNextOne() throws Exception {
    long first = running.migrate("gstg");
    running.advance(Duration.ofSeconds(60));

    running.sandbox.deletePipeline(first).toCompletionStage().toCompletableFuture()
        .get(20, TimeUnit.SECONDS);
    long second = running.migrate("gstg");
    running.runUntilIdle();

    assertThat(pipeline(second).status()).isEqualTo("success");
    assertThat(running.sandbox.schemaMigrations("gstg")).hasSize(6);
    assertThat(running.sandbox.deletePipeline(424242).toCompletionStage().toCompletableFuture())
        .failsWithin(Duration.ofSeconds(20)).withThrowableOfType(ExecutionException.class)
        .withMessageContaining("pipeline 424242 does not exist");
  }

  @Test
  void introspectionDeletesAPipelineEvenBeforeGitLabCommittedIt() {
    running.sandbox.faults().arm(PipelineFault.visibleAfter(DEPLOYER, 300));
    long id = running.migrate("gstg");

    HttpResponse<String> deleted = root.delete("/-/sandbox/pipelines/" + id);
    running.runUntilIdle();

    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(api.json("/projects/11437/pipelines")).isEmpty();
    assertThat(running.sandbox.pipelines(DEPLOYER)).isEmpty();
    assertThat(running.sandbox.webhookDeliveries()).isEmpty();
    assertThat(root.delete("/-/sandbox/pipelines/" + id).statusCode()).isEqualTo(404);
    assertThat(root.delete("/-/sandbox/pipelines/abc").body()).contains("abc");
  }

  @Test
  void aMigrationJobLeftOutByCiRulesLetsThePipelineSucceedWithoutMigrating() {
    assertThat(root.post("/-/sandbox/faults", "{\"pipelines\":[{\"environment\":\"gstg\","
        + "\"omit_jobs\":[\"gstg-postdeploy-migrations\"]}]}").statusCode()).isEqualTo(201);

    long id = running.migrate("gstg");
    running.runUntilIdle();

    JsonNode jobs = api.json("/projects/11437/pipelines/" + id + "/jobs");
    assertThat(pipeline(id).status()).isEqualTo("success");
    assertThat(names(pipeline(id).jobs())).containsExactly("gstg-prepare",
        "gstg-postdeploy-cleanup");
    assertThat(jobs).hasSize(2).noneSatisfy(j -> assertThat(j.get("stage").asText())
        .isEqualTo("migrate"));
    assertThat(running.sandbox.schemaMigrations("gstg")).hasSize(2);
    long next = running.migrate("gstg");
    running.runUntilIdle();
    assertThat(names(pipeline(next).jobs())).contains(MIGRATION_JOB);
  }

  @Test
  void ciRulesLeavingNoJobAtAllMeanNoPipelineLikeGitLab() {
    running.sandbox.faults().arm(PipelineFault.omitJobs("gstg", "gstg-prepare", MIGRATION_JOB,
        "gstg-postdeploy-cleanup"));

    HttpResponse<String> refused = api.post("/projects/11437/pipeline", "{\"ref\":\"master\","
        + "\"variables\":[{\"key\":\"DEPLOY_ENVIRONMENT\",\"value\":\"gstg\"}]}");

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(Http.parse(refused.body()).get("message").get("base").get(0).asText())
        .contains("prevented any jobs");
    assertThat(running.sandbox.pipelines(DEPLOYER)).isEmpty();
  }

  @Test
  void gitLabRetriesAFailedMigrationJobAndThePipelineRunsUntilTheLastTry() {
    running.sandbox.faults().arm(new MigrationFault("gstg", "20241106150244",
        "PG::DuplicateTable", "ERROR:  relation \"x\" already exists", false).withAutoRetry(2));
    long id = running.migrate("gstg");

    Instant deadline = running.sandbox.clock().now().plusSeconds(3600);
    while (pipeline(id).retriedJobs().isEmpty()
        && running.sandbox.clock().now().isBefore(deadline)) {
      running.advance(Duration.ofSeconds(1));
    }
    PipelineSnapshot afterFirstTry = pipeline(id);
    running.runUntilIdle();
    JsonNode tries = api.json("/projects/11437/pipelines/" + id + "/jobs?include_retried=true");

    assertThat(afterFirstTry.status()).isEqualTo("running");
    assertThat(afterFirstTry.retriedJobs()).singleElement().satisfies(j -> {
      assertThat(j.name()).isEqualTo(MIGRATION_JOB);
      assertThat(j.status()).isEqualTo("failed");
    });
    assertThat(afterFirstTry.jobs()).anySatisfy(j -> {
      assertThat(j.name()).isEqualTo(MIGRATION_JOB);
      assertThat(j.status()).isIn("pending", "running");
    });
    assertThat(pipeline(id).status()).isEqualTo("failed");
    assertThat(names(pipeline(id).retriedJobs())).containsExactly(MIGRATION_JOB, MIGRATION_JOB);
    List<String> migrationTries = new ArrayList<>();
    tries.forEach(j -> migrationTries.add(j.get("name").asText()));
    assertThat(migrationTries).filteredOn(MIGRATION_JOB::equals).hasSize(3);
    assertThat(pipeline(id).retriedJobs().get(1).trace())
        .doesNotContain("20241105093011 AddIndexCiPipelinesOnAutoCanceledById: migrating")
        .contains("20241106150244 CreateCiJobTokenAuthorizationsArchive: migrating")
        .contains("PG::DuplicateTable");
    assertThat(running.sandbox.schemaMigrations("gstg")).contains("20241105093011")
        .doesNotContain("20241106150244");
  }

  @Test
  void aOneShotFaultRetriedByGitLabSucceedsOnTheSecondTryWithoutRunningAnythingTwice() {
    assertThat(root.post("/-/sandbox/faults", "{\"migrations\":[{\"environment\":\"gstg\","
        + "\"version\":\"20241106150244\",\"error_class\":\"PG::LockNotAvailable\",\"message\":"
        + "\"ERROR:  canceling statement due to lock timeout\",\"one_shot\":true,"
        + "\"auto_retry\":1}]}").statusCode()).isEqualTo(201);

    long id = running.migrate("gstg");
    running.runUntilIdle();

    PipelineSnapshot done = pipeline(id);
    String firstTry = done.retriedJobs().get(0).trace();
    String secondTry = done.jobs().stream().filter(j -> j.name().equals(MIGRATION_JOB))
        .findFirst().orElseThrow().trace();
    assertThat(done.status()).isEqualTo("success");
    assertThat(firstTry).contains("AddIndexCiPipelinesOnAutoCanceledById: migrated")
        .contains("PG::LockNotAvailable");
    assertThat(secondTry).doesNotContain("AddIndexCiPipelinesOnAutoCanceledById")
        .contains("CreateCiJobTokenAuthorizationsArchive: migrated")
        .contains("QueueBackfillIssueLinksNamespaceId: migrated");
    assertThat(running.sandbox.schemaMigrations("gstg")).hasSize(6);
  }

  @Test
  void aMigrationFaultNamingAnOperationFailsThereAfterTheOperationsBeforeIt() {
    running.sandbox.faults().arm(new MigrationFault("gstg", "20241108120000",
        "PG::QueryCanceled", "ERROR:  canceling statement due to statement timeout", false,
        null, "queue_batched_background_migration"));

    long id = running.migrate("gstg");
    running.runUntilIdle();

    String trace = pipeline(id).jobs().stream().filter(j -> j.name().equals(MIGRATION_JOB))
        .findFirst().orElseThrow().trace();
    assertThat(pipeline(id).status()).isEqualTo("failed");
    assertThat(trace).contains("-- execute(\"UPDATE project_settings")
        .contains("-> 18.4402s").contains("-- queue_batched_background_migration")
        .contains("PG::QueryCanceled");
  }

  @Test
  void searchingFromACreationTimeFindsAPipelineMadeHoursEarlierInSimulatedTime() {
    Instant sent = running.sandbox.clock().now();
    long old = running.migrate("gstg");
    running.runUntilIdle();
    Instant oldFinished = running.sandbox.clock().now();
    running.advance(Duration.ofHours(3));
    long recent = running.migrate("gprd");
    running.advance(Duration.ofSeconds(30));

    assertThat(ids("updated_after=" + sent)).containsExactly(recent, old);
    assertThat(ids("created_after=" + sent)).containsExactly(recent, old);
    assertThat(ids("created_before=" + sent)).containsExactly(old);
    assertThat(ids("updated_after=" + oldFinished.plusSeconds(1))).containsExactly(recent);
    assertThat(ids("updated_before=" + oldFinished)).containsExactly(old);
    assertThat(ids("updated_after=" + sent + "&ref=master&source=api&order_by=updated_at"
        + "&sort=asc")).containsExactly(old, recent);
    assertThat(ids("source=push")).isEmpty();
    assertThat(ids("scope=finished")).containsExactly(old);
    assertThat(ids("scope=branches")).containsExactly(recent);
    assertThat(ids("per_page=1&page=2")).containsExactly(old);
    assertThat(api.get("/projects/11437/pipelines?source=cron").body())
        .isEqualTo("{\"error\":\"source does not have a valid value\"}");
    assertThat(api.get("/projects/11437/pipelines?status=done").statusCode()).isEqualTo(400);
    assertThat(api.get("/projects/11437/pipelines?sort=up").statusCode()).isEqualTo(400);
    assertThat(api.get("/projects/11437/pipelines?updated_after=yesterday").body())
        .isEqualTo("{\"error\":\"updated_after is invalid\"}");
  }

  @Test
  void paginatesManyPipelinesLikeGitLabNewestFirst() {
    List<Long> created = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      created.add(running.migrate("gstg"));
      running.advance(Duration.ofMinutes(10));
    }

    HttpResponse<String> first = api.get("/projects/11437/pipelines");
    HttpResponse<String> second = api.get("/projects/11437/pipelines?page=2");

    assertThat(Http.parse(first.body())).hasSize(20);
    assertThat(first.headers().firstValue("X-Total")).contains("25");
    assertThat(first.headers().firstValue("X-Next-Page")).contains("2");
    assertThat(Http.parse(first.body()).get(0).get("id").asLong()).isEqualTo(created.get(24));
    assertThat(Http.parse(second.body())).hasSize(5);
    assertThat(Http.parse(second.body()).get(4).get("id").asLong()).isEqualTo(created.get(0));
  }

  private List<Long> ids(String query) {
    List<Long> ids = new ArrayList<>();
    api.json("/projects/11437/pipelines?" + query).forEach(p -> ids.add(p.get("id").asLong()));
    return ids;
  }
}
