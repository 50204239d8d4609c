package dev.pdm.server.store;

import java.util.UUID;

/** A transition was computed from a state that is no longer the stored one; recompute from the store. */
public final class StaleRunException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StaleRunException(UUID runId, long expectedSeq) {
    super("run " + runId + " changed since event " + expectedSeq);
  }
}
