package dev.pdm.server.hooks;

import dev.pdm.core.hooks.GitLabObservation;

/** Where observations of GitLab go once accepted (the orchestrator). */
@FunctionalInterface
public interface ObservationSink {
  void accept(GitLabObservation observation);
}
