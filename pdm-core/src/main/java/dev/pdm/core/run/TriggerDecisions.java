package dev.pdm.core.run;

import dev.pdm.core.run.Command.FollowPipeline;
import dev.pdm.core.run.Decision.Rejected;
import dev.pdm.core.run.Decision.Transition;
import dev.pdm.core.run.RunEvent.PipelineAdopted;
import dev.pdm.core.run.RunEvent.TriggerAgainRequested;
import java.util.List;
import java.util.Optional;

/**
 * A person's way out of a trigger pdm could not confirm: adopt the pipeline they found, or say none was created and
 * trigger a new attempt. pdm never makes either choice itself. Both need a reason and are recorded on the run.
 */
final class TriggerDecisions {

  Decision adopt(Run run, Stage stage, PipelineAdopted event) {
    if (Text.isBlank(event.reason())) {
      return Rejected.invalid("reason is blank; adopting a pipeline needs a person to say why it is this attempt's pipeline");
    }
    if (event.pipelineId() <= 0 || Text.isBlank(event.webUrl())) {
      return Rejected.invalid("pipeline_id is " + event.pipelineId() + "; expected the id of a pipeline of stage '" + stage.id()
          + "' in GitLab");
    }
    Optional<Rejected> notUncertain = requireUncertain(run, stage, "adopted");
    if (notUncertain.isPresent()) {
      return notUncertain.get();
    }
    if (TriggerHandler.followedAnywhere(run, event.pipelineId())) {
      return Rejected.conflict("pipeline " + event.pipelineId() + " is already followed by an attempt of run " + run.id()
          + "; expected the pipeline of the uncertain attempt");
    }
    OperatorDecision decision = new OperatorDecision(event.at(), event.actor(), OperatorDecision.Kind.PIPELINE_ADOPTED,
        Optional.of(stage.id()), event.reason(), Optional.of(event.webUrl()));
    Attempt attempt = stage.currentAttempt().orElseThrow();
    Attempt adopted = attempt.withPipeline(new FollowedPipeline(event.pipelineId(), event.webUrl(), CiStatus.CREATED, event.at(),
        false));
    Stage running = stage.withAttempt(adopted).withStatus(StageStatus.RUNNING);
    Run next = run.withDecision(decision).withStage(running)
        .withStatus(run.status() == RunStatus.CANCELING ? RunStatus.CANCELING : RunStatus.RUNNING);
    List<Command> commands = new java.util.ArrayList<>(List.of(Notifications.ofDecision(NotificationKind.PIPELINE_ADOPTED, next,
        decision)));
    commands.addAll(DeploymentLocks.open(next, running));
    commands.add(new FollowPipeline(stage.id(), attempt.number(), event.pipelineId(), stage.spec().followedJobName()));
    return new Transition(next, commands);
  }

  Decision again(Run run, Stage stage, TriggerAgainRequested event) {
    if (Text.isBlank(event.reason())) {
      return Rejected.invalid("reason is blank; triggering again needs a person to say why no pipeline was created for attempt "
          + stage.attemptNumber() + " of stage '" + stage.id() + "'");
    }
    Optional<Rejected> notUncertain = requireUncertain(run, stage, "triggered again");
    if (notUncertain.isPresent()) {
      return notUncertain.get();
    }
    if (run.status() != RunStatus.WAITING_FOR_DECISION) {
      return Rejected.conflict("run " + run.id() + " is " + run.status() + "; a run being canceled triggers nothing new: adopt the"
          + " pipeline or abandon stage '" + stage.id() + "'");
    }
    OperatorDecision decision = new OperatorDecision(event.at(), event.actor(), OperatorDecision.Kind.TRIGGER_AGAIN,
        Optional.of(stage.id()), event.reason(), Optional.empty());
    Run next = run.withDecision(decision);
    Transition again = stage.spec().kind() == StageKind.MIGRATE ? StageProgression.check(next, stage) : StageProgression.trigger(next, stage);
    return again.after(List.of(Notifications.ofDecision(NotificationKind.TRIGGER_AGAIN_REQUESTED, next, decision)));
  }

  private static Optional<Rejected> requireUncertain(Run run, Stage stage, String verb) {
    boolean waiting = run.status() == RunStatus.WAITING_FOR_DECISION || run.status() == RunStatus.CANCELING;
    if (stage.status() != StageStatus.TRIGGER_UNCERTAIN || !waiting) {
      return Optional.of(Rejected.conflict("stage '" + stage.id() + "' is " + stage.status() + " (run " + run.status()
          + "); only a stage in TRIGGER_UNCERTAIN can be " + verb));
    }
    return Optional.empty();
  }
}
