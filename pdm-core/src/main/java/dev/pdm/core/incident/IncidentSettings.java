package dev.pdm.core.incident;

import java.util.List;

/**
 * What the workflow's decisions take from the configuration and from GitLab at the time they are made.
 *
 * @param blockerLabel    the incident label that blocks deployments (and pdm's runs), e.g. {@code blocks deployments}
 * @param resolvedLabel   the incident label that says it is resolved, e.g. {@code Incident::Resolved}
 * @param releaseManagers GitLab usernames of the release managers (configured, and members of the configured group)
 */
public record IncidentSettings(String blockerLabel, String resolvedLabel, List<String> releaseManagers) {

  /** Copies the release managers. */
  public IncidentSettings {
    releaseManagers = List.copyOf(releaseManagers);
  }
}
