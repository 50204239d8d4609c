package dev.pdm.core.run;

import dev.pdm.core.run.Command.Notify;
import java.util.List;
import java.util.Optional;

/** Builds the chat notifications the state machine emits. */
final class Notifications {

  private Notifications() {
  }

  static Notify ofRun(NotificationKind kind, Run run, List<String> details) {
    return new Notify(kind, run.id(), Optional.empty(), Optional.empty(), details, Optional.empty());
  }

  static Notify ofStage(NotificationKind kind, Run run, Stage stage, List<String> details, Optional<String> link) {
    return new Notify(kind, run.id(), Optional.of(stage.id()), Optional.empty(), details, link);
  }

  static Notify ofDecision(NotificationKind kind, Run run, OperatorDecision decision) {
    List<String> details = decision.reason().isBlank() ? List.of() : List.of(decision.reason());
    return new Notify(kind, run.id(), decision.stageId(), Optional.of(decision.actor()), details, decision.link());
  }

  /** The most precise link for a stage's current attempt: the job, else the pipeline. */
  static Optional<String> linkOf(Stage stage) {
    return stage.currentAttempt().flatMap(a -> a.job().map(FollowedJob::webUrl).or(() -> a.pipeline().map(FollowedPipeline::webUrl)));
  }
}
