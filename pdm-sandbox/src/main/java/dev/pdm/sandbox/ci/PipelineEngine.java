package dev.pdm.sandbox.ci;

import dev.pdm.sandbox.SandboxClock;
import dev.pdm.sandbox.faults.InjectedFaults;
import dev.pdm.sandbox.scenario.ScenarioFaults.PipelineFault;
import dev.pdm.sandbox.state.GitLabState;
import dev.pdm.sandbox.state.Job;
import dev.pdm.sandbox.state.Pipeline;
import dev.pdm.sandbox.state.Project;
import dev.pdm.sandbox.state.User;
import dev.pdm.sandbox.state.Variable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pipelines like GitLab: created, pending, running, then success, failed or canceled;
 * stage after stage, a failed stage skipping the rest; retry replaces failed jobs with new ones.
 * Call on the sandbox context only.
 */
public final class PipelineEngine {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineEngine.class);
  private static final Duration TO_PENDING = Duration.ofSeconds(1);
  private static final Duration QUEUE = Duration.ofSeconds(4);
  private static final Duration BETWEEN_STAGES = Duration.ofSeconds(2);
  private static final Set<String> RETRYABLE = Set.of("failed", "canceled", "skipped");

  private final GitLabState state;
  private final SandboxClock clock;
  private final InjectedFaults faults;
  private final PipelineEvents events;
  private final Map<Long, JobScript> scripts = new ConcurrentHashMap<>();

  public PipelineEngine(GitLabState state, SandboxClock clock, InjectedFaults faults,
      PipelineEvents events) {
    this.state = state;
    this.clock = clock;
    this.faults = faults;
    this.events = events;
  }

  /**
   * Creates a pipeline for {@code ref} with these variables and starts processing it. An armed
   * pipeline fault may leave jobs out or hold the pipeline uncommitted (invisible, not started)
   * for a while of simulated time.
   *
   * @throws PipelineRefused when CI rules leave the pipeline without any job
   */
  public Pipeline create(Project project, String ref, List<Variable> variables, User user) {
    Optional<PipelineFault> fault = faults.pipelineFault(project.path(), project.id(), ref,
        PipelineBlueprint.environment(variables));
    PipelineBlueprint blueprint = PipelineBlueprint.forProject(project, variables, state, faults)
        .without(fault.map(PipelineFault::omitJobs).orElse(List.of()));
    if (blueprint.stages().isEmpty()) {
      throw new PipelineRefused("Pipeline will not run for the selected trigger. The rules"
          + " configuration prevented any jobs from being added to the pipeline.");
    }
    long iid = state.pipelines(project).stream().mapToLong(p -> p.iid).max().orElse(0) + 1;
    String sha = project.repository().resolve(ref, project.defaultBranch()).map(c -> c.sha())
        .orElseGet(() -> syntheticSha(project.path() + "@" + ref));
    Pipeline pipeline = new Pipeline(state.nextPipelineId(), iid, project, ref, sha, "api", user,
        variables, blueprint.stageNames(), clock.now());
    blueprint.stages().forEach(stage -> stage.jobs().forEach(spec -> {
      Job job = new Job(state.nextJobId(), pipeline, spec.name(), stage.name(), clock.now());
      scripts.put(job.id, spec.script());
      pipeline.addJob(job);
    }));
    state.addPipeline(pipeline);
    LOG.info("pipeline {} created in {} on {} with {} jobs", pipeline.id, project.path(), ref,
        pipeline.allJobs().size());
    Optional<Double> late = fault.map(PipelineFault::visibleAfterSeconds);
    if (late.isPresent()) {
      pipeline.holdUncommitted();
      LOG.info("pipeline {} stays uncommitted for {} simulated seconds (injected fault)",
          pipeline.id, late.get());
      clock.schedule(Duration.ofMillis(Math.round(late.get() * 1000)), () -> commit(pipeline));
    } else {
      commit(pipeline);
    }
    return pipeline;
  }

  /** GitLab commits the pipeline: it becomes visible, is announced, and starts. */
  private void commit(Pipeline pipeline) {
    if (pipeline.deleted()) {
      return;
    }
    pipeline.commit();
    events.pipelineChanged(pipeline);
    clock.schedule(TO_PENDING, () -> enqueue(pipeline, 0));
  }

  /**
   * Deletes a pipeline as GitLab does: its unfinished jobs stop (without webhooks: the
   * pipeline is gone), then it and its jobs disappear from every answer.
   */
  public void delete(Pipeline pipeline) {
    pipeline.latestJobs().stream().filter(j -> !Job.isTerminal(j.status()))
        .forEach(j -> j.status("canceled", clock.now()));
    state.removePipeline(pipeline);
    LOG.info("pipeline {} in {} deleted", pipeline.id, pipeline.project.path());
  }

  /** Retries a finished pipeline's failed, canceled and skipped jobs as new jobs. */
  public Pipeline retry(Pipeline pipeline) {
    List<Job> toRetry = pipeline.latestJobs().stream().filter(j -> RETRYABLE.contains(j.status()))
        .toList();
    if (toRetry.isEmpty()) {
      return pipeline;
    }
    toRetry.forEach(this::replace);
    pipeline.status("pending", clock.now());
    events.pipelineChanged(pipeline);
    clock.schedule(TO_PENDING, () -> enqueue(pipeline, firstUnfinishedStage(pipeline)));
    return pipeline;
  }

  /** Retries one job: a new job with the same name runs; later skipped jobs run again. */
  public Job retry(Job job) {
    Pipeline pipeline = job.pipeline;
    Job fresh = replace(job);
    int stage = pipeline.stages.indexOf(job.stage);
    pipeline.latestJobs().stream()
        .filter(j -> pipeline.stages.indexOf(j.stage) > stage && "skipped".equals(j.status()))
        .forEach(j -> j.status("created", clock.now()));
    pipeline.status("pending", clock.now());
    events.pipelineChanged(pipeline);
    clock.schedule(TO_PENDING, () -> enqueue(pipeline, firstUnfinishedStage(pipeline)));
    return fresh;
  }

  /** Cancels every unfinished job; the pipeline becomes canceled. */
  public Pipeline cancel(Pipeline pipeline) {
    if (Job.isTerminal(pipeline.status())) {
      return pipeline;
    }
    pipeline.latestJobs().stream().filter(j -> !Job.isTerminal(j.status())).forEach(j -> {
      j.status("canceled", clock.now());
      events.jobChanged(j);
    });
    pipeline.status("canceled", clock.now());
    events.pipelineChanged(pipeline);
    return pipeline;
  }

  /** Cancels one job if it has not finished. */
  public Job cancel(Job job) {
    if (!Job.isTerminal(job.status())) {
      job.status("canceled", clock.now());
      events.jobChanged(job);
      stageFinished(job.pipeline, job.stage);
    }
    return job;
  }

  private Job replace(Job old) {
    old.markRetried();
    Job fresh = new Job(state.nextJobId(), old.pipeline, old.name, old.stage, clock.now());
    scripts.put(fresh.id, scripts.get(old.id));
    old.pipeline.addJob(fresh);
    return fresh;
  }

  private int firstUnfinishedStage(Pipeline pipeline) {
    for (int i = 0; i < pipeline.stages.size(); i++) {
      String stage = pipeline.stages.get(i);
      if (jobsIn(pipeline, stage).stream().anyMatch(j -> !"success".equals(j.status()))) {
        return i;
      }
    }
    return pipeline.stages.size();
  }

  private void enqueue(Pipeline pipeline, int stageIndex) {
    if (Job.isTerminal(pipeline.status()) || pipeline.deleted()) {
      return;
    }
    if (stageIndex >= pipeline.stages.size()) {
      finish(pipeline, "success");
      return;
    }
    List<Job> jobs = jobsIn(pipeline, pipeline.stages.get(stageIndex)).stream()
        .filter(j -> "created".equals(j.status())).toList();
    if ("created".equals(pipeline.status())) {
      pipeline.status("pending", clock.now());
      events.pipelineChanged(pipeline);
    }
    for (int i = 0; i < jobs.size(); i++) {
      Job job = jobs.get(i);
      job.status("pending", clock.now());
      events.jobChanged(job);
      clock.schedule(QUEUE.plusSeconds(i), () -> start(job));
    }
    if (jobs.isEmpty()) {
      stageFinished(pipeline, pipeline.stages.get(stageIndex));
    }
  }

  private void start(Job job) {
    if (!"pending".equals(job.status())) {
      return;
    }
    Pipeline pipeline = job.pipeline;
    job.status("running", clock.now());
    if (!"running".equals(pipeline.status())) {
      pipeline.status("running", clock.now());
      events.pipelineChanged(pipeline);
    }
    events.jobChanged(job);
    int attempt = job.nextAttempt();
    JobRun run = scripts.get(job.id).plan(job, clock.now());
    run.steps().forEach(step -> clock.schedule(step.at(), () -> {
      if (job.attempt() == attempt && "running".equals(job.status())) {
        step.write().accept(job);
        step.effect().run();
      }
    }));
    clock.schedule(run.end(), () -> {
      if (job.attempt() == attempt && "running".equals(job.status())) {
        job.status(run.succeeds() ? "success" : "failed", clock.now());
        LOG.info("job {} ({}) of pipeline {} {}", job.id, job.name, pipeline.id, job.status());
        events.jobChanged(job);
        if (!run.succeeds() && retriesSoFar(job) < run.autoRetries()) {
          autoRetry(job);
        } else {
          stageFinished(pipeline, job.stage);
        }
      }
    });
  }

  /**
   * GitLab's {@code retry:}: the failed job is marked retried and a new job with its name is
   * queued at once; the pipeline keeps running until the last try ends.
   */
  private void autoRetry(Job failed) {
    Job fresh = replace(failed);
    LOG.info("job {} ({}) retried automatically as job {}", failed.id, failed.name, fresh.id);
    fresh.status("pending", clock.now());
    events.jobChanged(fresh);
    clock.schedule(QUEUE, () -> start(fresh));
  }

  /** How many jobs of this name ran in the pipeline before this one. */
  private static long retriesSoFar(Job job) {
    return job.pipeline.allJobs().stream().filter(j -> j.name.equals(job.name) && j.id < job.id)
        .count();
  }

  private void stageFinished(Pipeline pipeline, String stage) {
    List<Job> jobs = jobsIn(pipeline, stage);
    if (jobs.stream().anyMatch(j -> !Job.isTerminal(j.status()))
        || Job.isTerminal(pipeline.status())) {
      return;
    }
    boolean failed = jobs.stream().anyMatch(j -> "failed".equals(j.status()));
    boolean canceled = jobs.stream().anyMatch(j -> "canceled".equals(j.status()));
    if (failed || canceled) {
      int index = pipeline.stages.indexOf(stage);
      pipeline.latestJobs().stream()
          .filter(j -> pipeline.stages.indexOf(j.stage) > index && "created".equals(j.status()))
          .forEach(j -> {
            j.status("skipped", clock.now());
            events.jobChanged(j);
          });
      finish(pipeline, failed ? "failed" : "canceled");
      return;
    }
    int next = pipeline.stages.indexOf(stage) + 1;
    clock.schedule(BETWEEN_STAGES, () -> enqueue(pipeline, next));
  }

  private void finish(Pipeline pipeline, String status) {
    pipeline.status(status, clock.now());
    LOG.info("pipeline {} in {} {}", pipeline.id, pipeline.project.path(), status);
    events.pipelineChanged(pipeline);
  }

  private static List<Job> jobsIn(Pipeline pipeline, String stage) {
    return pipeline.latestJobs().stream().filter(j -> j.stage.equals(stage)).toList();
  }

  private static String syntheticSha(String seed) {
    UUID a = UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
    UUID b = UUID.nameUUIDFromBytes((seed + "#").getBytes(StandardCharsets.UTF_8));
    return (a.toString() + b.toString()).replace("-", "").substring(0, 40);
  }
}
