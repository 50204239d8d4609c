package dev.pdm.core.run;

import dev.pdm.core.run.Command.CloseDeploymentLock;
import dev.pdm.core.run.Command.OpenDeploymentLock;
import java.util.List;
import java.util.Optional;

/**
 * The running deployment on {@code db/<env>} that shows other tools a migration is under way: opened when a migrate
 * stage's pipeline is known, closed as failed or canceled when the stage ends without success; on success the record
 * step of the canonical deployment turns it into the success record.
 */
final class DeploymentLocks {

  private DeploymentLocks() {
  }

  /** The lock for the stage's current attempt, whose pipeline has just become known; none for QA. */
  static List<Command> open(Run run, Stage stage) {
    if (stage.spec().kind() != StageKind.MIGRATE) {
      return List.of();
    }
    DeployedPackage migrated = Recording.migrated(run, stage).find(stage.spec().environment(), DeploymentProject.CANONICAL)
        .orElseThrow(() -> new IllegalStateException("run " + run.id() + " has no canonical package for "
            + stage.spec().environment()));
    return List.of(new OpenDeploymentLock(stage.id(), stage.attemptNumber(), stage.spec().environment(), migrated.ref(),
        migrated.sha()));
  }

  /** Closes the current attempt's lock when the stage ends without success; nothing when it had no pipeline. */
  static List<Command> close(Run run, Stage stage, Optional<StageFailure.Kind> failure) {
    Optional<Attempt> attempt = stage.currentAttempt().filter(a -> a.pipeline().isPresent());
    if (stage.spec().kind() != StageKind.MIGRATE || attempt.isEmpty()) {
      return List.of();
    }
    CloseDeploymentLock.Outcome outcome = failure.map(kind -> switch (kind) {
      case MIGRATION_JOB_NOT_RUN, PIPELINE_MISSING -> CloseDeploymentLock.Outcome.CANCELED;
      default -> CloseDeploymentLock.Outcome.FAILED;
    }).orElse(CloseDeploymentLock.Outcome.CANCELED);
    String sha = Recording.migrated(run, stage).find(stage.spec().environment(), DeploymentProject.CANONICAL)
        .map(DeployedPackage::sha).orElse("");
    return List.of(new CloseDeploymentLock(stage.id(), attempt.get().number(), stage.spec().environment(), sha, outcome));
  }
}
