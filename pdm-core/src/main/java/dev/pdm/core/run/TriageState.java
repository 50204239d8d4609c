package dev.pdm.core.run;

import java.util.Optional;

/**
 * The triage of a failed migration job.
 *
 * @param jobId       the failed job whose log is read
 * @param completed   false while the Triage command is out
 * @param summary     the triage's finding (or why it could not triage)
 * @param incidentUrl the incident issue drafted or opened, if any
 */
public record TriageState(long jobId, boolean completed, Optional<String> summary, Optional<String> incidentUrl) {

  static TriageState requested(long jobId) {
    return new TriageState(jobId, false, Optional.empty(), Optional.empty());
  }
}
