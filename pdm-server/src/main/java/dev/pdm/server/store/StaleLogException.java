package dev.pdm.server.store;

import java.util.UUID;

/** A job's log was read from an offset that is no longer the stored one (someone else stored that read): read again. */
public final class StaleLogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StaleLogException(UUID runId, long jobId, long fromOffset) {
    super("run " + runId + ": the log of job " + jobId + " was stored past offset " + fromOffset + " meanwhile");
  }
}
