package dev.pdm.server.orchestrator;

import dev.pdm.core.run.RunEvent;
import io.vertx.core.Future;
import java.time.Instant;

/**
 * One execution of a command by the replica holding the run's lease: what an executor needs to make a side effect
 * safe. Every write it stores carries the replica's claim, and is refused once another replica took the run over.
 */
public interface Execution {

  /**
   * Stores {@code event} on the run under this execution's claim before a GitLab write (a trigger records that it is
   * sent), and answers the run as it now stands; fails when the claim no longer holds.
   */
  Future<RunRecord> record(RunEvent event);

  /** When the transition that asked for the command was stored. */
  Instant commandCreatedAt();
}
