package dev.pdm.core.run;

import dev.pdm.core.run.Command.FollowPipeline;
import dev.pdm.core.run.Decision.Transition;
import dev.pdm.core.run.RunEvent.ChecksExpired;
import dev.pdm.core.run.RunEvent.PipelineTriggered;
import dev.pdm.core.run.RunEvent.TriggerFailed;
import dev.pdm.core.run.RunEvent.TriggerRefused;
import dev.pdm.core.run.RunEvent.TriggerSent;
import dev.pdm.core.run.RunEvent.TriggerUncertain;
import java.util.List;
import java.util.Optional;

/**
 * The life of an attempt's pipeline creation, as the executor reports it: sent (recorded before the POST), answered
 * with a pipeline, refused without effect, refused for good, or in doubt. A send is accepted only while no earlier send
 * of the attempt awaits its answer, so an attempt's pipeline is created at most once whatever the executors do.
 */
final class TriggerHandler {

  Decision sent(Run run, Stage stage, TriggerSent event) {
    Optional<Attempt> attempt = stage.currentAttempt(event.attempt());
    if (run.status() != RunStatus.RUNNING || stage.status() != StageStatus.TRIGGERING || attempt.isEmpty()
        || attempt.get().pipeline().isPresent() || !attempt.get().trigger().maySend()
        || event.send() != attempt.get().trigger().sends() + 1) {
      return Transition.unchanged(run);
    }
    TriggerState sent = attempt.get().trigger().sent(new SentTrigger(event.send(), event.project(), event.ref(), event.at()));
    return Transition.unchanged(run.withStage(stage.withAttempt(attempt.get().withTrigger(sent))));
  }

  Decision refused(Run run, Stage stage, TriggerRefused event) {
    Optional<Attempt> attempt = stage.currentAttempt(event.attempt()).filter(a -> awaits(a, event.send()));
    if (stage.status() != StageStatus.TRIGGERING || attempt.isEmpty()) {
      return Transition.unchanged(run);
    }
    Attempt refused = attempt.get().withTrigger(attempt.get().trigger().refused(event.reason()));
    if (run.status() == RunStatus.CANCELING) {
      // Nothing was created and the run is being canceled: nothing is left to wait for.
      Attempt withdrawn = refused.withTrigger(refused.trigger().withdrawnBecause("run canceled; GitLab had refused the trigger"));
      Stage canceled = stage.withAttempt(withdrawn).withStatus(StageStatus.CANCELED).finishedAt(event.at());
      return StageProgression.end(run.withStage(canceled), RunStatus.CANCELED, event.at(), NotificationKind.RUN_CANCELED);
    }
    return Transition.unchanged(run.withStage(stage.withAttempt(refused)));
  }

  Decision triggered(Run run, Stage stage, PipelineTriggered event) {
    Optional<Attempt> attempt = stage.currentAttempt(event.attempt())
        .filter(a -> a.pipeline().isEmpty() && a.trigger().withdrawn().isEmpty());
    boolean waiting = stage.status() == StageStatus.TRIGGERING || stage.status() == StageStatus.TRIGGER_UNCERTAIN;
    if (!waiting || attempt.isEmpty() || followedAnywhere(run, event.pipelineId())) {
      return Transition.unchanged(run);
    }
    FollowedPipeline pipeline = new FollowedPipeline(event.pipelineId(), event.webUrl(), CiStatus.CREATED, event.at(),
        event.foundExisting());
    Attempt found = attempt.get().withTrigger(attempt.get().trigger().answered()).withPipeline(pipeline);
    Stage running = stage.withAttempt(found).withStatus(StageStatus.RUNNING);
    Run next = run.withStage(running).withStatus(run.status() == RunStatus.CANCELING ? RunStatus.CANCELING : RunStatus.RUNNING);
    List<Command> commands = new java.util.ArrayList<>(DeploymentLocks.open(next, running));
    commands.add(new FollowPipeline(stage.id(), event.attempt(), event.pipelineId(), stage.spec().followedJobName()));
    return new Transition(next, commands);
  }

  Decision failed(Run run, Stage stage, TriggerFailed event) {
    Optional<Attempt> attempt = stage.currentAttempt(event.attempt()).filter(a -> a.trigger().awaitingAnswer());
    if (stage.status() != StageStatus.TRIGGERING || attempt.isEmpty()) {
      return Transition.unchanged(run);
    }
    Stage answered = stage.withAttempt(attempt.get().withTrigger(attempt.get().trigger().answered()));
    return StageProgression.fail(run, answered, new StageFailure(StageFailure.Kind.TRIGGER_FAILED, event.error(), event.at()),
        List.of());
  }

  Decision uncertain(Run run, Stage stage, TriggerUncertain event) {
    Optional<Attempt> attempt = stage.currentAttempt(event.attempt()).filter(a -> awaits(a, event.send()));
    if (stage.status() != StageStatus.TRIGGERING || attempt.isEmpty()) {
      return Transition.unchanged(run);
    }
    Attempt inDoubt = attempt.get().withTrigger(attempt.get().trigger().uncertainBecause(event.detail()));
    Stage waiting = stage.withAttempt(inDoubt).withStatus(StageStatus.TRIGGER_UNCERTAIN);
    Run next = run.withStage(waiting)
        .withStatus(run.status() == RunStatus.CANCELING ? RunStatus.CANCELING : RunStatus.WAITING_FOR_DECISION);
    return new Transition(next, List.of(Notifications.ofStage(NotificationKind.TRIGGER_UNCERTAIN, next, waiting,
        List.of(event.detail(), "choose: adopt the pipeline, trigger again, or abandon the stage"), Optional.empty())));
  }

  Decision expired(Run run, Stage stage, ChecksExpired event) {
    Optional<Attempt> attempt = stage.currentAttempt(event.attempt())
        .filter(a -> a.pipeline().isEmpty() && a.trigger().maySend());
    if (run.status() != RunStatus.RUNNING || stage.status() != StageStatus.TRIGGERING || stage.spec().kind() != StageKind.MIGRATE
        || attempt.isEmpty()) {
      return Transition.unchanged(run);
    }
    Attempt withdrawn = attempt.get().withTrigger(attempt.get().trigger().withdrawnBecause(
        "the production checks of " + event.checkedAt() + " were too old to trigger on; checking again"));
    return StageProgression.check(run, stage.withAttempt(withdrawn));
  }

  private static boolean awaits(Attempt attempt, int send) {
    return attempt.trigger().awaitingAnswer() && attempt.trigger().lastSend().map(s -> s.send() == send).orElse(false);
  }

  /** A pipeline already followed by an attempt of this run is never followed by a second one. */
  static boolean followedAnywhere(Run run, long pipelineId) {
    return run.stages().stream().flatMap(s -> s.attempts().stream()).anyMatch(a -> a.follows(pipelineId));
  }
}
