package dev.pdm.core.incident;

import dev.pdm.core.incident.MitigationPlan.ChangeRequest;
import dev.pdm.core.incident.MitigationPlan.FixMergeRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * What pdm saw in GitLab (or in its own runs) about a workflow, or what one of its commands did. Observations are
 * idempotent: seeing the same thing twice changes nothing the second time.
 */
public sealed interface IncidentObservation {

  /** The failed stage whose workflow it is. */
  String stageId();

  /** When it was seen. */
  Instant at();

  /** The incident issue as GitLab shows it; {@code resolvedHow} is present when it is closed or labelled resolved. */
  record IncidentSeen(String stageId, Optional<String> resolvedHow, Instant at) implements IncidentObservation {
  }

  /** The plan's no-op merge request as GitLab shows it, with the environments whose package contains it. */
  record MergeRequestSeen(String stageId, FixMergeRequest mergeRequest, Instant at) implements IncidentObservation {
  }

  /** One of the plan's change requests as GitLab shows it. */
  record ChangeRequestSeen(String stageId, ChangeRequest changeRequest, Instant at) implements IncidentObservation {
  }

  /** The first run started after the plan's fix was ready, as stored. */
  record NextRunSeen(String stageId, IncidentWorkflow.NextRun run, Instant at) implements IncidentObservation {
  }

  /** A release item's merge request is in the package running on every production environment. */
  record ReleaseItemShipped(String stageId, String key, Instant at) implements IncidentObservation {
  }

  /** The note of timeline entry {@code entry} is on the incident. */
  record NotePosted(String stageId, int entry, Instant at) implements IncidentObservation {
  }

  /** GitLab refused the note of timeline entry {@code entry} (the incident was deleted, pdm may not write there). */
  record NoteRefused(String stageId, int entry, String detail, Instant at) implements IncidentObservation {
  }

  /** A release item was added to ({@code ticked} false) or ticked on the release issue at {@code issueUrl}. */
  record ReleaseItemWritten(String stageId, String key, boolean ticked, String issueUrl, Instant at)
      implements IncidentObservation {
  }

  /** A release item could not be added or ticked; a person must look. */
  record ReleaseItemRefused(String stageId, String key, String detail, Instant at) implements IncidentObservation {
  }
}
