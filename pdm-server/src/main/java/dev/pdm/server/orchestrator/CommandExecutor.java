package dev.pdm.server.orchestrator;

import io.vertx.core.Future;

/**
 * Carries out one kind of command (a run's {@code Command} or an {@code IncidentCommand}). A failed future means "not done, try again later" (GitLab unreachable); anything
 * that is an answer, even a negative one, is an {@link Outcome}. Executors must be safe to run again after a crash,
 * and a command that no longer applies to the run (canceled meanwhile, superseded) answers {@link Outcome#done()}.
 */
@FunctionalInterface
public interface CommandExecutor<C> {
  Future<Outcome> execute(RunRecord record, C command, Execution execution);
}
