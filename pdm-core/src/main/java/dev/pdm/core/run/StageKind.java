package dev.pdm.core.run;

/** What a stage does: run the post-deploy migrations of an environment, or run QA against it. */
public enum StageKind {
  MIGRATE,
  QA
}
