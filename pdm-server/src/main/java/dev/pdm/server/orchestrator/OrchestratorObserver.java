package dev.pdm.server.orchestrator;

import dev.pdm.core.run.Run;
import dev.pdm.core.run.StageSpec;
import dev.pdm.core.triage.MigratedMigration;
import java.util.List;

/**
 * What the orchestrator tells as it drives runs (metrics listen). Only the replica that stored a change or executed a
 * command tells it, so each is told once across replicas. Called on the event loop: must return at once.
 */
public interface OrchestratorObserver {
  /** Tells nothing to no one. */
  OrchestratorObserver NONE = new OrchestratorObserver() {
  };

  /** A transition was stored: {@code before} became {@code after}. */
  default void runChanged(Run before, Run after) {
  }

  /** A command's outcome was stored ({@code succeeded}), or it failed and will be tried again ({@code failed}). */
  default void commandExecuted(String kind, boolean succeeded) {
  }

  /** Migrations a stage's migration job reported finished since the last call for that job. */
  default void migrationsFinished(StageSpec stage, List<MigratedMigration> migrations) {
  }
}
