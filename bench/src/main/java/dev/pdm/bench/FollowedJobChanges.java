package dev.pdm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Real changes of the migration pipeline and job a pdm run follows, made to happen one at a time in the simulated
 * GitLab (scenario {@code staging-migration-fails}, manual clock): the clock is advanced half a simulated second at a
 * time until GitLab's API reports the pipeline or the job further on (pdm reports a status that progresses: waiting →
 * running → finished, not created → pending): the pipeline running (its first job started), the migration job
 * running, the job failed (and with it the pipeline). Once pdm waits for a decision on the failed stage, the stage is
 * retried with a reason: a new pipeline, a new job, the same changes again, as often as needed.
 */
final class FollowedJobChanges {
  /** The plan's first stage, and the project and job of its migration pipeline in the scenario. */
  static final String STAGE = "migrate-gstg";
  static final long DEPLOYER_PROJECT_ID = 11437;
  private static final String DEPLOYER = "gitlab-com%2Fgl-infra%2Fdeployer";
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Duration STEP = Duration.ofMillis(500);
  private static final int MAX_STEPS = 2_000;
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final PdmUnderBench pdm;
  private final String runId;
  private int attempt;
  private long apiReads;
  // Read by the background load's senders, on their event loops.
  private volatile FollowedJob job;
  private volatile String status;
  private String pipelineStatus;

  /**
   * A change GitLab has now, since {@code changedAt} (nanoTime): the webhook announcing it, and the event pdm reports
   * once it looked ({@code JobStatusChanged} or {@code PipelineStatusChanged}) with its new status.
   */
  record Change(JobHook hook, String event, String status, long changedAt) {
  }

  /** The job pdm follows, as pdm recorded it. */
  record FollowedJob(long pipelineId, long id, String name) {
  }

  private FollowedJobChanges(PdmUnderBench pdm, String runId) {
    this.pdm = pdm;
    this.runId = runId;
  }

  /** Starts a run and waits until pdm polled its first pipeline once (the job is known to it, created). */
  static FollowedJobChanges start(PdmUnderBench pdm) throws Exception {
    JsonNode created = new ObjectMapper().readTree(pdm.post("/api/v1/runs", ""));
    String runId = created.path("id").asText();
    if (runId.isEmpty()) {
      throw new IllegalStateException("pdm did not start a run: " + created);
    }
    FollowedJobChanges changes = new FollowedJobChanges(pdm, runId);
    changes.awaitFollowed(1);
    return changes;
  }

  String runId() {
    return runId;
  }

  FollowedJob job() {
    return job;
  }

  /** The job's current status as a hint: a webhook about the followed pipeline that changes nothing. */
  JobHook unchanged() {
    return new JobHook(DEPLOYER_PROJECT_ID, job.pipelineId(), job.id(), job.name(), "migrate", status);
  }

  /**
   * What pdm's event of the next change contains: the stage is retried first if the job has failed, so that there is a
   * next change. GitLab's order makes it predictable: the pipeline runs (its first job started), then the migration
   * job runs, then it fails.
   */
  List<String> nextEventMarkers() throws Exception {
    if ("failed".equals(status)) {
      retry();
    }
    return progress(pipelineStatus) == 0
        ? List.of("\"event\":\"PipelineStatusChanged\"", "\"pipeline_id\":" + job.pipelineId(),
            "\"status\":\"RUNNING\"")
        : List.of("\"event\":\"JobStatusChanged\"", "\"job_id\":" + job.id(),
            "\"status\":\"" + (progress(status) == 0 ? "RUNNING" : "FAILED") + "\"");
  }

  /** Makes the next change happen (after {@link #nextEventMarkers}) and returns it. */
  Change next() throws Exception {
    for (int step = 0; step < MAX_STEPS; step++) {
      send(HttpRequest.newBuilder(URI.create(pdm.gitLabUrl() + "/-/sandbox/clock/advance"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"seconds\": " + STEP.toMillis() / 1000.0 + "}")));
      long changedAt = System.nanoTime();
      String jobNow = gitLabStatus("/jobs/" + job.id());
      String pipelineNow = gitLabStatus("/pipelines/" + job.pipelineId());
      boolean jobMoved = progress(jobNow) > progress(status);
      boolean pipelineMoved = progress(pipelineNow) > progress(pipelineStatus);
      status = jobNow;
      pipelineStatus = pipelineNow;
      JobHook hook = new JobHook(DEPLOYER_PROJECT_ID, job.pipelineId(), job.id(), job.name(), "migrate", jobNow);
      if (jobMoved) {
        return new Change(hook, "JobStatusChanged", jobNow, changedAt);
      }
      if (pipelineMoved) {
        return new Change(hook, "PipelineStatusChanged", pipelineNow, changedAt);
      }
    }
    throw new IllegalStateException("job " + job.id() + " stayed " + status + " for " + MAX_STEPS + " steps");
  }

  /**
   * Waits until pdm waits for a decision on the failed stage (it learnt the failure, triaged it), then retries it with
   * a reason and waits for the new attempt's job. A retry refused while pdm still thinks the pipeline runs (409) is
   * sent again after another hint about the pipeline.
   */
  private void retry() throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!"waiting_for_decision".equals(run().path("status").asText())) {
      pause(deadline, "the run never waited for a decision after job " + job.id() + " failed");
    }
    while (true) {
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(pdm.url() + "/api/v1/runs/" + runId
              + "/stages/" + STAGE + "/retry")).header("Authorization", "Bearer " + PdmUnderBench.TOKEN)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"reason\": \"benchmark: attempt " + (attempt + 1) + "\"}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() == 202) {
        break;
      }
      if (answer.statusCode() != 409 && answer.statusCode() != 503) {
        throw new IllegalStateException("retry answered " + answer.statusCode() + ": " + answer.body());
      }
      hint(unchanged());
      pause(deadline, "pdm kept refusing the retry: " + answer.body());
    }
    awaitFollowed(attempt + 1);
  }

  /** Waits until attempt {@code number} of the stage has its job recorded: pdm's first poll of its pipeline is done. */
  private void awaitFollowed(int number) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      JsonNode attempts = stage(run()).path("attempts");
      JsonNode last = attempts.path(attempts.size() - 1);
      if (attempts.size() == number && last.path("job").path("id").canConvertToLong()
          && last.path("pipeline").path("id").canConvertToLong()) {
        attempt = number;
        job = new FollowedJob(last.path("pipeline").path("id").asLong(), last.path("job").path("id").asLong(),
            last.path("job").path("name").asText());
        status = gitLabStatus("/jobs/" + job.id());
        pipelineStatus = gitLabStatus("/pipelines/" + job.pipelineId());
        // The events of pdm's first poll of the pipeline are on their way to the live clients: not a change to time.
        Thread.sleep(500);
        return;
      }
      pause(deadline, "pdm never followed attempt " + number + " of " + STAGE + ": " + run());
    }
  }

  /** A webhook posted: when the post started and when pdm's answer came (nanoTime). */
  record Posted(long at, long answeredAt) {
  }

  /** Posts {@code hook} to pdm as GitLab would (the right secret); fails unless accepted. */
  Posted hint(JobHook hook) throws Exception {
    long at = System.nanoTime();
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(pdm.url() + "/hooks/gitlab"))
        .header("Content-Type", "application/json").header("X-Gitlab-Event", JobHook.EVENT)
        .header("X-Gitlab-Token", PdmUnderBench.WEBHOOK_SECRET)
        .POST(HttpRequest.BodyPublishers.ofString(hook.body())).build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 202) {
      throw new IllegalStateException("pdm answered the webhook " + answer.statusCode() + ": " + answer.body());
    }
    return new Posted(at, System.nanoTime());
  }

  /** The run as pdm answers it; a busy pdm's 503 (its store's pool exhausted) is asked again, for up to 2 minutes. */
  private JsonNode run() throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      try {
        return json.readTree(pdm.get("/api/v1/runs/" + runId));
      } catch (IllegalStateException e) {
        if (!e.getMessage().contains(": 503 ") || System.nanoTime() > deadline) {
          throw e;
        }
        System.out.println("pdm answered 503, asking again: " + e.getMessage());
        Thread.sleep(500);
      }
    }
  }

  private static JsonNode stage(JsonNode run) {
    for (JsonNode stage : run.path("state").path("run").path("stages")) {
      if (STAGE.equals(stage.path("spec").path("id").asText())) {
        return stage;
      }
    }
    return run.path("state").path("run").path("stages").path(STAGE);
  }

  /** Requests this class made of the simulated GitLab's API (they count in its traffic besides pdm's). */
  long apiReads() {
    return apiReads;
  }

  /** {@code path} of the deployer project ({@code /jobs/ID}, {@code /pipelines/ID}): its status, as GitLab says. */
  private String gitLabStatus(String path) throws Exception {
    apiReads++;
    String answer = send(HttpRequest.newBuilder(URI.create(pdm.gitLabUrl() + "/api/v4/projects/" + DEPLOYER + path))
        .header("PRIVATE-TOKEN", "sandbox-token").GET());
    return json.readTree(answer).path("status").asText().toLowerCase(Locale.ROOT);
  }

  /** How far a status has got, as pdm orders them: waiting (created, pending, ...), running, finished. */
  private static int progress(String status) {
    return switch (status) {
      case "running", "canceling" -> 1;
      case "success", "failed", "canceled", "skipped" -> 2;
      default -> 0;
    };
  }

  private String send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() >= 300) {
      throw new IllegalStateException(request.build().uri() + ": " + answer.statusCode() + " " + answer.body());
    }
    return answer.body();
  }

  private static void pause(long deadline, String failure) throws InterruptedException {
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException(failure);
    }
    Thread.sleep(50);
  }
}
