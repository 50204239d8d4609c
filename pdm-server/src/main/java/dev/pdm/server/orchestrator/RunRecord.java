package dev.pdm.server.orchestrator;

import dev.pdm.core.pending.PendingReport;
import dev.pdm.core.run.Run;
import dev.pdm.core.triage.IncidentDraft;
import dev.pdm.core.triage.TriageReport;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What pdm stores of a run: the state machine's {@link Run}, the migrations that were pending on each environment
 * when it started (what the record steps label and announce), and the triage of failed stages.
 */
public record RunRecord(Run run, Map<String, PendingReport> pending, Map<String, StageTriage> triage) {

  public RunRecord {
    pending = Map.copyOf(pending);
    triage = Map.copyOf(triage);
  }

  /** A failed stage's triage: what was found, and the incident drafted from it. */
  public record StageTriage(int attempt, TriageReport report, IncidentDraft draft, Optional<String> incidentUrl) {
  }

  public RunRecord withRun(Run next) {
    return new RunRecord(next, pending, triage);
  }

  public RunRecord withTriage(String stageId, StageTriage stageTriage) {
    Map<String, StageTriage> next = new HashMap<>(triage);
    next.put(stageId, stageTriage);
    return new RunRecord(run, pending, next);
  }
}
