package dev.pdm.server.orchestrator;

import dev.pdm.core.run.Command;
import io.vertx.core.Future;

/**
 * {@code FollowPipeline}: reports the pipeline's state right away (webhooks may have fired before its id was known);
 * from then on {@link RunFollower} polls it for as long as the stage waits on it.
 */
public final class FollowExecutor implements CommandExecutor<Command.FollowPipeline> {
  private final RunFollower follower;

  public FollowExecutor(RunFollower follower) {
    this.follower = follower;
  }

  @Override
  public Future<Outcome> execute(RunRecord record, Command.FollowPipeline command, Execution execution) {
    return record.run().stage(command.stageId())
        .map(stage -> follower.currentEvents(stage, command.pipelineId()).map(Outcome::of))
        .orElse(Future.succeededFuture(Outcome.done()));
  }
}
