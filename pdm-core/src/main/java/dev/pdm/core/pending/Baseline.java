package dev.pdm.core.pending;

/** Where the "from" SHA of a pending computation came from. */
public enum Baseline {
  /** The last successful deployment on {@code db/<env>}. */
  DB_DEPLOYMENT,
  /** No {@code db/<env>} deployment exists yet: the configured baseline SHA. */
  CONFIGURED_BASELINE
}
