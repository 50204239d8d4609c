package dev.pdm.server.orchestrator;

import dev.pdm.core.incident.IncidentCommand;
import dev.pdm.core.run.CheckVerdict;
import dev.pdm.core.run.Command;
import dev.pdm.core.run.RunEvent;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What pdm records when a command that is not a trigger still fails after its retry budget: a visible failed outcome
 * on the run, so that the run goes on (or waits for a person) instead of waiting for ever. A trigger has no budget:
 * it either waits for GitLab without having sent anything, or searches for what it sent, then asks a person.
 */
final class GivingUp {
  private GivingUp() {
  }

  /**
   * Whether the command may be given up after its budget. A trigger may not; nor may the incident workflow's GitLab
   * writes, which must happen once GitLab answers again (a refusal is an outcome of theirs, not a failure).
   */
  static boolean hasBudget(Object command) {
    return !(command instanceof Command.TriggerPipeline) && !(command instanceof IncidentCommand
        && !(command instanceof IncidentCommand.AnnounceIncidentStep));
  }

  static Outcome outcome(Object command, int tries, Throwable error, Instant at) {
    String why = "gave up after " + tries + " tries: " + error.getMessage();
    if (command instanceof Command.RunChecks checks) {
      return Outcome.of(new RunEvent.ChecksCompleted(checks.stageId(), checks.round(), List.of(new CheckVerdict(
          "checks-ran", CheckVerdict.Outcome.ERROR, List.of("the production checks could not run: " + why), List.of())), at));
    }
    if (command instanceof Command.Triage triage) {
      return Outcome.of(new RunEvent.TriageCompleted(triage.stageId(), triage.attempt(), "triage could not run: " + why,
          Optional.empty(), at));
    }
    if (command instanceof Command.RecordCommand record) {
      return Outcome.of(new RunEvent.RecordStepCompleted(record.stageId(), record.step(), record.attempt(), false, why, at));
    }
    if (command instanceof Command.Notify notify) {
      return Outcome.note(new JsonObject().put("type", "NotificationFailed").put("kind", notify.kind().name())
          .put("stage_id", notify.stageId().orElse(null)).put("error", why));
    }
    return Outcome.note(new JsonObject().put("type", "CommandFailed").put("command", RunJson.toJson(command)).put("error", why));
  }
}
