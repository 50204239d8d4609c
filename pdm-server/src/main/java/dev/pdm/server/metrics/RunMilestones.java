package dev.pdm.server.metrics;

import dev.pdm.core.run.Run;
import dev.pdm.core.run.RunStatus;
import dev.pdm.core.run.Stage;
import dev.pdm.core.run.StageStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What a transition from one run to the next finished: the run itself, and which stages, after how long. */
final class RunMilestones {
  private static final Set<StageStatus> STAGE_ENDS = Set.of(StageStatus.SUCCEEDED, StageStatus.FAILED,
      StageStatus.CANCELED);

  private RunMilestones() {
  }

  /** A stage that reached an end, timed from its first start. */
  record FinishedStage(Stage stage, Duration took) {
    String outcome() {
      return stage.status().name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The run's end, when this transition ended it. */
  static Optional<RunStatus> runEnded(Run before, Run after) {
    return !before.status().isTerminal() && after.status().isTerminal() ? Optional.of(after.status())
        : Optional.empty();
  }

  /** The stages that reached succeeded, failed or canceled in this transition and had started. */
  static List<FinishedStage> stagesFinished(Run before, Run after) {
    List<FinishedStage> finished = new ArrayList<>();
    for (Stage stage : after.stages()) {
      StageStatus was = before.stage(stage.id()).map(Stage::status).orElse(StageStatus.PENDING);
      if (was != stage.status() && STAGE_ENDS.contains(stage.status()) && stage.startedAt().isPresent()
          && stage.finishedAt().isPresent()) {
        finished.add(new FinishedStage(stage, Duration.between(stage.startedAt().get(), stage.finishedAt().get())));
      }
    }
    return finished;
  }
}
