package dev.pdm.server.orchestrator;

import dev.pdm.core.incident.IncidentWorkflow;
import dev.pdm.core.pending.PendingReport;
import dev.pdm.core.run.Run;
import dev.pdm.core.triage.IncidentDraft;
import dev.pdm.core.triage.TriageReport;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What pdm stores of a run: the state machine's {@link Run}, the migrations that were pending on each environment
 * when it started (what the record steps label and announce), the triage of failed stages, and the incident workflow
 * of each failed stage whose incident was opened (kept beside the run: it never changes what the run does).
 */
public record RunRecord(Run run, Map<String, PendingReport> pending, Map<String, StageTriage> triage,
    Map<String, IncidentWorkflow> incidents) {

  public RunRecord {
    pending = Map.copyOf(pending);
    triage = Map.copyOf(triage);
    incidents = incidents == null ? Map.of() : Map.copyOf(incidents);
  }

  /** A run's first record: nothing triaged, no incident. */
  public RunRecord(Run run, Map<String, PendingReport> pending) {
    this(run, pending, Map.of(), Map.of());
  }

  /** A failed stage's triage: what was found, and the incident drafted from it. */
  public record StageTriage(int attempt, TriageReport report, IncidentDraft draft, Optional<String> incidentUrl) {
  }

  public RunRecord withRun(Run next) {
    return new RunRecord(next, pending, triage, incidents);
  }

  public RunRecord withTriage(String stageId, StageTriage stageTriage) {
    Map<String, StageTriage> next = new HashMap<>(triage);
    next.put(stageId, stageTriage);
    return new RunRecord(run, pending, next, incidents);
  }

  public RunRecord withIncident(String stageId, IncidentWorkflow workflow) {
    Map<String, IncidentWorkflow> next = new HashMap<>(incidents);
    next.put(stageId, workflow);
    return new RunRecord(run, pending, triage, next);
  }
}
