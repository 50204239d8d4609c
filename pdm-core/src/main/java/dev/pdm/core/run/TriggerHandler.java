package dev.pdm.core.run;

import dev.pdm.core.run.Command.FollowPipeline;
import dev.pdm.core.run.Decision.Transition;
import dev.pdm.core.run.RunEvent.PipelineTriggered;
import dev.pdm.core.run.RunEvent.TriggerFailed;
import java.util.List;

/** The executor's answer to a TriggerPipeline: the pipeline to follow, or a failure left to an operator. */
final class TriggerHandler {

  Decision triggered(Run run, Stage stage, PipelineTriggered event) {
    if (!awaitsTrigger(stage, event.attempt())) {
      return Transition.unchanged(run);
    }
    FollowedPipeline pipeline = new FollowedPipeline(event.pipelineId(), event.webUrl(), CiStatus.CREATED, event.at(),
        event.foundExisting());
    Stage running = stage.withAttempt(stage.currentAttempt().orElseThrow().withPipeline(pipeline)).withStatus(StageStatus.RUNNING);
    return new Transition(run.withStage(running),
        List.of(new FollowPipeline(stage.id(), event.attempt(), event.pipelineId(), stage.spec().followedJobName())));
  }

  Decision failed(Run run, Stage stage, TriggerFailed event) {
    if (!awaitsTrigger(stage, event.attempt())) {
      return Transition.unchanged(run);
    }
    return StageProgression.fail(run, stage, new StageFailure(StageFailure.Kind.TRIGGER_FAILED, event.error(), event.at()), List.of());
  }

  private static boolean awaitsTrigger(Stage stage, int attempt) {
    return stage.status() == StageStatus.TRIGGERING && attempt == stage.attemptNumber();
  }
}
