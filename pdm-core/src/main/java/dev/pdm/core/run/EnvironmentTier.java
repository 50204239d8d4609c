package dev.pdm.core.run;

/** Whether an environment is a rehearsal (staging) or the real thing (production); the plan's order depends on it. */
public enum EnvironmentTier {
  STAGING,
  PRODUCTION
}
