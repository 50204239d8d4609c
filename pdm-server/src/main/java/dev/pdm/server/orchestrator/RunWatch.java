package dev.pdm.server.orchestrator;

import java.util.UUID;

/** Keeps the runs this replica drives current with GitLab: asked on every tick, told when a run is let go. */
public interface RunWatch {

  /** Reads GitLab for the run (as just loaded), if it is due, and submits what it saw. */
  void follow(Orchestrator.Loaded loaded, Orchestrator orchestrator);

  /** Forgets what it read for a run this replica no longer drives. */
  void forget(UUID runId);
}
