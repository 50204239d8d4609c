package dev.pdm.core.incident;

import dev.pdm.core.run.Decision;
import java.util.List;

/** What a request or an observation does to a workflow. */
public sealed interface IncidentDecision {

  /**
   * The workflow changed: its new state, the commands to execute (in order), and the timeline entries it added.
   */
  record Changed(IncidentWorkflow workflow, List<IncidentCommand> commands, List<WorkflowEntry> entries)
      implements IncidentDecision {
    /** Copies the lists. */
    public Changed {
      commands = List.copyOf(commands);
      entries = List.copyOf(entries);
    }
  }

  /** Nothing new: the same observation again, or a command outcome already recorded. */
  record Unchanged() implements IncidentDecision {
  }

  /** A request that cannot be applied: 400 (invalid) or 409 (the workflow's state does not allow it). */
  record Rejected(Decision.Rejected.Cause cause, String reason) implements IncidentDecision {
  }
}
