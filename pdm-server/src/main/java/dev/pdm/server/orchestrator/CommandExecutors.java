package dev.pdm.server.orchestrator;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;

/** Which executor carries out which kind of command. */
public final class CommandExecutors {
  private final Map<Class<?>, CommandExecutor<?>> byKind = new HashMap<>();

  public <C> CommandExecutors on(Class<C> kind, CommandExecutor<C> executor) {
    byKind.put(kind, executor);
    return this;
  }

  @SuppressWarnings("unchecked")
  public Future<Outcome> execute(RunRecord record, Object command, Execution execution) {
    CommandExecutor<Object> executor = (CommandExecutor<Object>) byKind.get(command.getClass());
    if (executor == null) {
      return Future.failedFuture(new IllegalStateException("no executor for " + command.getClass().getSimpleName()));
    }
    try {
      return executor.execute(record, command, execution);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
