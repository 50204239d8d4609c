package dev.pdm.sandbox.ci;

import dev.pdm.sandbox.state.Job;
import dev.pdm.sandbox.state.Pipeline;

/** Receives every pipeline and job status change (webhooks are sent from here). */
public interface PipelineEvents {
  void pipelineChanged(Pipeline pipeline);

  void jobChanged(Job job);
}
