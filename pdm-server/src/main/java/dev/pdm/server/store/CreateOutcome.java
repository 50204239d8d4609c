package dev.pdm.server.store;

import java.util.UUID;

/** What asking the store for a new run gave. */
public sealed interface CreateOutcome {

  /** The run was created. */
  record Created(StoredRun run) implements CreateOutcome {
  }

  /** A run with the same idempotency key exists already; nothing was created. */
  record SameRequest(StoredRun run) implements CreateOutcome {
  }

  /** Another run of the same plan is active; nothing was created. */
  record ActiveRunExists(UUID activeRunId) implements CreateOutcome {
  }
}
