package dev.pdm.server.store;

/** A write on a run's behalf was refused: the writer's claim on the run's lease no longer holds. */
public final class LeaseLostException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LeaseLostException(RunLeases.Claim claim) {
    super("replica " + claim.owner() + " no longer holds run " + claim.runId() + " (epoch " + claim.epoch()
        + "); what it learned is discarded", null, false, false);
  }
}
