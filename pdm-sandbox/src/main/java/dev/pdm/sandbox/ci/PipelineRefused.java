package dev.pdm.sandbox.ci;

/** GitLab refused to create a pipeline (e.g. CI rules left it without jobs); nothing exists. */
public final class PipelineRefused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  PipelineRefused(String message) {
    super(message, null, false, false);
  }
}
