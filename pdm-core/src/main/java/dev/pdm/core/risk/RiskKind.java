package dev.pdm.core.risk;

/** What a pending migration does, as far as running it goes; ordered from the least to the most to watch. */
public enum RiskKind {
  /** Nothing pdm recognises: read it. */
  OTHER,
  /** Builds or drops an index without blocking writes ({@code add_concurrent_index}, {@code algorithm: :concurrently}). */
  INDEX_CONCURRENTLY,
  /** Queues a batched background migration: the data changes later, in the background. */
  BATCHED_BACKGROUND_MIGRATION,
  /** Changes the schema. */
  DDL,
  /** Changes data while it runs. */
  DML
}
