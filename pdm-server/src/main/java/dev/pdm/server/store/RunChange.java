package dev.pdm.server.store;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * One transition of a run, written in one transaction: the new status and state, the events that explain it, the
 * commands to execute (the outbox), the audit entry when a person asked for it, and the pipelines the run follows
 * now (what a webhook is matched against).
 */
public record RunChange(String status, boolean active, JsonObject state, List<NewEvent> events,
    List<JsonObject> commands, Optional<AuditEntry> audit, List<Long> followedPipelines) {

  public RunChange {
    followedPipelines = List.copyOf(followedPipelines);
  }

  /** A change that asks for no command and follows no pipeline. */
  public RunChange(String status, boolean active, JsonObject state, List<NewEvent> events,
      Optional<AuditEntry> audit) {
    this(status, active, state, events, List.of(), audit, List.of());
  }
}
