package dev.pdm.core.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds runs in any (run status × stage status) combination, consistent or not, to test the machine against. */
final class RunShapes {

  static final Instant AT = RunDriver.T0.plusSeconds(3_600);

  private RunShapes() {
  }

  /** The standard run with stage {@code index} in {@code stageStatus}, earlier stages succeeded, later ones pending. */
  static Run shaped(RunStatus runStatus, int index, StageStatus stageStatus) {
    Run run = ((Decision.Transition) new RunStateMachine().start(RunDriver.request(RunPlan.standard("gstg", "gprd")))).run();
    List<Stage> stages = new ArrayList<>();
    for (int i = 0; i < run.stages().size(); i++) {
      StageSpec spec = run.stages().get(i).spec();
      StageStatus status = i < index ? StageStatus.SUCCEEDED : i == index ? stageStatus : StageStatus.PENDING;
      stages.add(stage(spec, status, 1_000L * (i + 1)));
    }
    return new Run(run.id(), run.planId(), runStatus, stages, run.requestedBy(), run.createdAt(), RunDriver.T0.plusSeconds(60),
        run.packageSnapshot(), List.of());
  }

  /** The standard run with stage {@code index} triggering in each state of its send: unsent, refused, awaiting, in doubt. */
  static List<Run> triggerVariants(RunStatus runStatus, int index) {
    Run shape = shaped(runStatus, index, StageStatus.TRIGGERING);
    StageSpec spec = shape.stages().get(index).spec();
    long base = 1_000L * (index + 1);
    return List.of(
        shape.withStage(unsentTrigger(spec, base)),
        shape.withStage(refusedTrigger(spec, base)),
        shape.withStage(sentTrigger(spec, base, false)),
        shape.withStage(sentTrigger(spec, base, true).withStatus(StageStatus.TRIGGER_UNCERTAIN)));
  }

  static Stage stage(StageSpec spec, StageStatus status, long pipelineBase) {
    Stage planned = Stage.planned(spec);
    return switch (status) {
      case PENDING -> planned;
      case SKIPPED -> planned.withStatus(StageStatus.SKIPPED);
      case CHECKING, BLOCKED, CANCELED -> planned.startedAt(RunDriver.T0).withNextCheckRound().withStatus(status);
      case TRIGGERING -> sentTrigger(spec, pipelineBase, false);
      case TRIGGER_UNCERTAIN -> sentTrigger(spec, pipelineBase, true).withStatus(StageStatus.TRIGGER_UNCERTAIN);
      case ABANDONED -> withFailedFirstAttempt(spec, pipelineBase).withStatus(StageStatus.ABANDONED);
      case RUNNING -> withAnnouncedRunningLong(followed(spec, pipelineBase, CiStatus.RUNNING, CiStatus.RUNNING))
          .withStatus(StageStatus.RUNNING);
      case RECORDING -> followed(spec, pipelineBase, CiStatus.SUCCESS, CiStatus.SUCCESS).withRecordSteps(steps(RecordStep.Status.PENDING))
          .withStatus(StageStatus.RECORDING);
      case SUCCEEDED -> followed(spec, pipelineBase, CiStatus.SUCCESS, CiStatus.SUCCESS)
          .withRecordSteps(spec.kind() == StageKind.MIGRATE ? steps(RecordStep.Status.FAILED) : List.of()).withStatus(StageStatus.SUCCEEDED);
      case FAILED -> withFailedFirstAttempt(spec, pipelineBase);
    };
  }

  /** One migration of the current attempt was already announced as running long. */
  private static Stage withAnnouncedRunningLong(Stage stage) {
    Attempt current = stage.currentAttempt().orElseThrow();
    return stage.withAttempt(current.withRunningLong(new RunningLong("20241108120000", "QueueBackfillIssueLinksNamespaceId", 120,
        60, Optional.of(18.4), AT)));
  }

  /** Attempt 1 failed, attempt 2's creation was sent and awaits GitLab's answer (or is in doubt). */
  static Stage sentTrigger(StageSpec spec, long pipelineBase, boolean uncertain) {
    Stage stage = unsentTrigger(spec, pipelineBase);
    Attempt second = stage.currentAttempt().orElseThrow();
    TriggerState sent = second.trigger().sent(new SentTrigger(1, "deployer", "master", AT));
    return stage.withAttempt(second.withTrigger(uncertain ? sent.uncertainBecause("no answer") : sent));
  }

  /** Attempt 1 failed, attempt 2 is to be triggered and nothing was sent yet. */
  static Stage unsentTrigger(StageSpec spec, long pipelineBase) {
    return withFailedFirstAttempt(spec, pipelineBase).withNewAttempt().withStatus(StageStatus.TRIGGERING)
        .withChecks(List.of(RunDriver.pass("incident")), AT, Optional.empty());
  }

  /** Attempt 2 was sent once and refused by GitLab (nothing created): it may be sent again. */
  static Stage refusedTrigger(StageSpec spec, long pipelineBase) {
    Stage stage = sentTrigger(spec, pipelineBase, false);
    Attempt second = stage.currentAttempt().orElseThrow();
    return stage.withAttempt(second.withTrigger(second.trigger().refused("503")));
  }

  /** Attempt 1 failed (and triage requested), attempt 2 follows a pipeline with the given statuses. */
  private static Stage followed(StageSpec spec, long pipelineBase, CiStatus pipeline, CiStatus job) {
    Stage stage = withFailedFirstAttempt(spec, pipelineBase).withNewAttempt();
    Attempt second = stage.currentAttempt().orElseThrow()
        .withPipeline(new FollowedPipeline(pipelineBase + 2, RunDriver.pipelineUrl(pipelineBase + 2), pipeline, AT, false))
        .withJob(new FollowedJob((pipelineBase + 2) * 10, spec.environment() + "-postdeploy-migrations", job, "https://x/job"));
    return stage.withAttempt(second);
  }

  private static Stage withFailedFirstAttempt(StageSpec spec, long pipelineBase) {
    Stage stage = Stage.planned(spec).startedAt(RunDriver.T0).withNextCheckRound().withNewAttempt();
    Attempt first = stage.currentAttempt().orElseThrow()
        .withPipeline(new FollowedPipeline(pipelineBase + 1, RunDriver.pipelineUrl(pipelineBase + 1), CiStatus.FAILED, AT, false))
        .withJob(new FollowedJob((pipelineBase + 1) * 10, spec.environment() + "-postdeploy-migrations", CiStatus.FAILED, "https://x/j"))
        .withFailure(new StageFailure(StageFailure.Kind.MIGRATION_JOB_FAILED, "job failed", AT))
        .withTriage(TriageState.requested((pipelineBase + 1) * 10));
    return stage.withAttempt(first).withStatus(StageStatus.FAILED).finishedAt(AT);
  }

  private static List<RecordStep> steps(RecordStep.Status status) {
    List<RecordStep> steps = new ArrayList<>();
    for (RecordStep.Kind kind : RecordStep.Kind.values()) {
      steps.add(status == RecordStep.Status.PENDING ? RecordStep.pending(kind, 1)
          : new RecordStep(kind, status, 1, Optional.of("x"), Optional.of(AT)));
    }
    return steps;
  }
}
