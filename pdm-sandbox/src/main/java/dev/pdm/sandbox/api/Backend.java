package dev.pdm.sandbox.api;

import dev.pdm.sandbox.ci.PipelineEngine;
import dev.pdm.sandbox.state.GitLabState;

/** The current simulated GitLab (replaced when a scenario is loaded or reset). */
public interface Backend {
  GitLabState state();

  PipelineEngine pipelineEngine();
}
