package dev.pdm.server.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.gitlab.GitLabClientOptions;
import dev.pdm.core.run.CiStatus;
import dev.pdm.core.run.EnvironmentTier;
import dev.pdm.core.run.FollowedJob;
import dev.pdm.core.run.StageSpec;
import dev.pdm.core.triage.JobLogCursor;
import dev.pdm.core.triage.JobLogStream;
import dev.pdm.sandbox.GitLabSandbox;
import dev.pdm.sandbox.SandboxOptions;
import dev.pdm.sandbox.scenario.ScenarioFaults.LogFault;
import dev.pdm.server.store.MigrationDurations;
import dev.pdm.server.store.NewEvent;
import dev.pdm.server.store.RunChange;
import dev.pdm.server.store.RunStore;
import dev.pdm.server.store.StoredEvent;
import dev.pdm.server.testing.MovableClock;
import dev.pdm.server.testing.TestConfig;
import dev.pdm.server.testing.TestPools;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.gitlab4j.api.models.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A migration job printing megabytes, followed a window at a time while it runs: pdm restarts part-way (only what is
 * stored survives) and two replicas read the same part at once, yet the run's JobLog events carry every line of the
 * log once, in order, whether GitLab honours ranges or sends the whole log each time. A read that took long delays the
 * next one only when GitLab sends the whole log each time.
 */
@ExtendWith(VertxExtension.class)
class JobLogTailerTest {
  private static final String DEPLOYER = "gitlab-com/gl-infra/deployer";
  /** Windows of 1 MB whose events carry every line (more than the configuration allows), the latest 50 kept. */
  private static final PdmConfig.JobLog EVERY_LINE = new PdmConfig.JobLog(1, 1_000_000, 1_000_000, 50);
  private static final StageSpec STAGE = StageSpec.migrate("gstg", EnvironmentTier.STAGING);
  private static final PdmConfig CONFIG = TestConfig.onRandomPort();
  private Vertx vertx;
  private GitLabSandbox gitLab;
  private GitLabClient client;
  private Pool pool;
  private int failedReads;
  private RunStore store;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    gitLab = await(GitLabSandbox.start(vertx, SandboxOptions.defaults().withScenario("staging-migration-fails")
        .withManualClock()));
    client = new GitLabClient(vertx, GitLabClientOptions.of(gitLab.url(), gitLab.token()));
    pool = TestPools.pool(vertx, TestPools.migratedUrl());
    store = new RunStore(pool);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    await(pool.close());
    await(gitLab.close());
  }

  @Test
  void everyLineOnceAcrossARestartAndTwoReplicasWhenGitLabHonoursRanges() throws Exception {
    followsEveryLineOnce();
  }

  @Test
  void everyLineOnceWhenGitLabSendsTheWholeLogEachTime() throws Exception {
    gitLab.faults().arm(LogFault.rangeIgnored());
    followsEveryLineOnce();
  }

  @Test
  void readsWhatIsNewAtEveryPollHoweverLongTheLastReadTookWhenGitLabHonoursRanges() throws Exception {
    assertThat(readsOfTwoPollsOfAGrowingLogEachReadTakingTenSeconds()).isEqualTo(2);
  }

  @Test
  void readsAgainOnlyAfterFourTimesAsLongAsTheLastReadTookWhenGitLabSendsTheWholeLogEachTime() throws Exception {
    gitLab.faults().arm(LogFault.rangeIgnored());
    assertThat(readsOfTwoPollsOfAGrowingLogEachReadTakingTenSeconds()).isEqualTo(1);
  }

  /**
   * Two polls of a running migration job whose log grows in between, pdm's clock moving 10 s at each reading (so every
   * read takes 10 s and the second poll comes 10 s after the first read ended); answers how many times the log was read.
   */
  private long readsOfTwoPollsOfAGrowingLogEachReadTakingTenSeconds() throws Exception {
    gitLab.faults().arm(LogFault.bulk("gstg", 3).over(120));
    UUID runId = runningRun();
    long pipeline = await(client.createPipeline(DEPLOYER, "master", Map.of("DEPLOY_ENVIRONMENT", "gstg"))).getId();
    for (int second = 0; job(pipeline).status() != CiStatus.RUNNING; second += 2) {
      assertThat(second).as("simulated seconds until the migration job runs").isLessThan(300);
      await(gitLab.clock().advance(Duration.ofSeconds(2)));
    }
    JobLogTailer tailer = tailer(MovableClock.advancingEachReading(Instant.parse("2024-11-09T12:00:00Z"),
        Duration.ofSeconds(10)));
    long before = gitLab.traffic().traceRequests();
    for (int poll = 0; poll < 2; poll++) {
      await(gitLab.clock().advance(Duration.ofSeconds(10)));
      FollowedJob job = job(pipeline);
      assertThat(job.status()).as("the migration job at poll %d", poll).isEqualTo(CiStatus.RUNNING);
      await(read(tailer, runId, job));
    }
    return gitLab.traffic().traceRequests() - before;
  }

  private UUID runningRun() throws Exception {
    UUID runId = UUID.randomUUID();
    await(store.create(runId, "default", "alice", Optional.empty(), new RunChange("running", true, new JsonObject(),
        List.of(new NewEvent("RunRequested", new JsonObject())), Optional.empty())));
    return runId;
  }

  private void followsEveryLineOnce() throws Exception {
    gitLab.faults().arm(LogFault.bulk("gstg", 3).over(60));
    UUID runId = runningRun();
    long pipeline = await(client.createPipeline(DEPLOYER, "master", Map.of("DEPLOY_ENVIRONMENT", "gstg"))).getId();
    JobLogTailer replica = tailer();
    FollowedJob job = job(pipeline);
    int reads = 0;
    while (!job.status().isFinished() || !replica.complete(runId, job)) {
      await(gitLab.clock().advance(Duration.ofSeconds(4)));
      job = job(pipeline);
      reads++;
      if (reads == 8) {
        replica = tailer();
      }
      // A read that fails is read again from the stored offset at the next round, as the next poll does; a few may
      // fail (an answer that ends before it is read), a tailer that keeps failing does not finish the log.
      if (reads == 12) {
        JobLogTailer other = tailer();
        await(Future.join(tolerant(read(replica, runId, job)), tolerant(read(other, runId, job))));
      } else {
        await(tolerant(read(replica, runId, job)));
      }
      assertThat(reads).as("reads until the job's log is complete").isLessThan(200);
    }

    List<JsonObject> logEvents = await(store.eventsAfter(runId, 0, 100_000)).stream()
        .filter(e -> e.type().equals("JobLog")).map(StoredEvent::payload).toList();
    List<String> streamed = new ArrayList<>();
    logEvents.forEach(e -> e.getJsonArray("lines").forEach(line -> streamed.add((String) line)));
    long jobId = job.id();
    String log = gitLab.pipeline(pipeline).orElseThrow().jobs().stream()
        .filter(j -> j.id() == jobId).findFirst().orElseThrow().trace();
    List<String> expected = new ArrayList<>();
    JobLogCursor whole = JobLogCursor.atStart();
    whole.feed(log.getBytes(StandardCharsets.UTF_8), expected::add);
    whole.finish(expected::add);

    assertThat(log.length()).isGreaterThan(3_000_000);
    assertThat(logEvents.size()).as("one event per window or read, not per line").isBetween(4, 60);
    assertThat(streamed).hasSize(expected.size()).isEqualTo(expected);
    assertThat(logEvents).allSatisfy(e -> assertThat(e.getLong("skipped_lines")).isZero());
    for (int i = 1; i < logEvents.size(); i++) {
      assertThat(logEvents.get(i).getLong("from_offset")).as("event %d starts where the one before ended", i)
          .isEqualTo(logEvents.get(i - 1).getLong("to_offset"));
    }
    assertThat(logEvents.get(logEvents.size() - 1).getBoolean("complete")).isTrue();
    assertThat(logEvents.get(logEvents.size() - 1).getLong("to_offset"))
        .isEqualTo(log.getBytes(StandardCharsets.UTF_8).length);
    assertThat(await(store.logTail(runId, jobId)).orElseThrow().lines()).hasSize(50);
  }

  private Future<Void> tolerant(Future<Void> read) {
    return read.recover(err -> {
      failedReads++;
      assertThat(failedReads).as("failed reads, the last: " + err).isLessThan(5);
      return Future.succeededFuture();
    });
  }

  private JobLogTailer tailer() {
    return tailer(gitLab.clock().asClock());
  }

  private JobLogTailer tailer(Clock clock) {
    return new JobLogTailer(store, new JobLogStream(vertx, client, EVERY_LINE.windowBytes()), EVERY_LINE,
        OrchestratorObserver.NONE, new MigrationWatch(new MigrationDurations(pool), new PlanLayout(CONFIG), CONFIG.budgets(),
        gitLab.clock().asClock()), clock);
  }

  private Future<Void> read(JobLogTailer tailer, UUID runId, FollowedJob job) {
    return tailer.read(store::appendLogRead, runId, STAGE.id(), STAGE, 1, job, DEPLOYER);
  }

  private FollowedJob job(long pipeline) throws Exception {
    Job found = await(client.pipelineJobs(DEPLOYER, pipeline).first(j -> j.getName().equals("gstg-postdeploy-migrations")))
        .orElseThrow();
    return new FollowedJob(found.getId(), found.getName(), CiStatus.fromGitLab(found.getStatus().toValue()).orElseThrow(),
        String.valueOf(found.getWebUrl()));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
