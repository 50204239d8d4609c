package dev.pdm.core.run;

import dev.pdm.core.run.Decision.Rejected;
import dev.pdm.core.run.Decision.Transition;
import dev.pdm.core.run.RunEvent.CancelRequested;
import dev.pdm.core.run.RunEvent.ChecksExpired;
import dev.pdm.core.run.RunEvent.ChecksCompleted;
import dev.pdm.core.run.RunEvent.ChecksOverridden;
import dev.pdm.core.run.RunEvent.JobStatusChanged;
import dev.pdm.core.run.RunEvent.MigrationRunningLong;
import dev.pdm.core.run.RunEvent.MitigationRecorded;
import dev.pdm.core.run.RunEvent.OperatorRequest;
import dev.pdm.core.run.RunEvent.PipelineAdopted;
import dev.pdm.core.run.RunEvent.PipelineMissing;
import dev.pdm.core.run.RunEvent.PipelineStatusChanged;
import dev.pdm.core.run.RunEvent.PipelineTriggered;
import dev.pdm.core.run.RunEvent.QaFailureOverridden;
import dev.pdm.core.run.RunEvent.RecheckRequested;
import dev.pdm.core.run.RunEvent.RecordStepCompleted;
import dev.pdm.core.run.RunEvent.RecordStepRetryRequested;
import dev.pdm.core.run.RunEvent.RetryRequested;
import dev.pdm.core.run.RunEvent.RunRequested;
import dev.pdm.core.run.RunEvent.StageAbandoned;
import dev.pdm.core.run.RunEvent.StageEvent;
import dev.pdm.core.run.RunEvent.StageTimedOut;
import dev.pdm.core.run.RunEvent.TriageCompleted;
import dev.pdm.core.run.RunEvent.TriggerAgainRequested;
import dev.pdm.core.run.RunEvent.TriggerFailed;
import dev.pdm.core.run.RunEvent.TriggerRefused;
import dev.pdm.core.run.RunEvent.TriggerSent;
import dev.pdm.core.run.RunEvent.TriggerUncertain;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The pure run state machine: {@code (run, event) → (run, commands)} or a rejection of an operator request. No I/O, no
 * clock, no randomness; thread-safe. See package-info for the states and transitions.
 */
public final class RunStateMachine {

  private final RunStarter starter = new RunStarter();
  private final CheckHandler checks = new CheckHandler();
  private final TriggerHandler triggers = new TriggerHandler();
  private final PipelineFollower follower = new PipelineFollower();
  private final Recording recording = new Recording();
  private final TriageHandler triage = new TriageHandler();
  private final FailureDecisions failures = new FailureDecisions();
  private final CancelHandler cancels = new CancelHandler();
  private final TriggerDecisions triggerDecisions = new TriggerDecisions();
  private final AbandonHandler abandons = new AbandonHandler();

  /** Creates a run: a Transition to a run checking (or triggering) its first stage, or Rejected for an invalid request. */
  public Decision start(RunRequested request) {
    return starter.start(request);
  }

  /**
   * Applies an event to a run. Operator requests are applied or Rejected; any other event that does not apply (duplicate,
   * late, for another attempt or pipeline, for a finished run) gives the same run and no commands.
   */
  public Decision decide(Run run, RunEvent event) {
    if (event instanceof RunRequested) {
      return Rejected.conflict("run " + run.id() + " already exists; RunRequested only creates a run");
    }
    if (event instanceof OperatorRequest request && Text.isBlank(request.actor())) {
      return Rejected.invalid("actor is blank; expected the user name of who asks");
    }
    if (run.status().isTerminal() && !appliesToFinishedRun(event)) {
      return event instanceof OperatorRequest
          ? Rejected.conflict("run " + run.id() + " is " + run.status() + "; a finished run only accepts redoing a failed record step")
          : Transition.unchanged(run);
    }
    Decision decision = event instanceof CancelRequested cancel ? cancels.cancel(run, cancel) : dispatch(run, (StageEvent) event);
    if (decision instanceof Transition transition && !transition.run().equals(run)) {
      return new Transition(transition.run().touchedAt(event.at()), transition.commands());
    }
    return decision;
  }

  private Decision dispatch(Run run, StageEvent event) {
    Optional<Stage> found = run.stage(event.stageId());
    if (found.isEmpty()) {
      return event instanceof OperatorRequest
          ? Rejected.invalid("stageId '" + event.stageId() + "' is not a stage of run " + run.id() + "; expected one of "
              + run.stages().stream().map(Stage::id).collect(Collectors.joining(", ")))
          : Transition.unchanged(run);
    }
    Stage stage = found.get();
    if (event instanceof ChecksCompleted e) {
      return checks.completed(run, stage, e);
    } else if (event instanceof RecheckRequested e) {
      return checks.recheck(run, stage, e);
    } else if (event instanceof ChecksOverridden e) {
      return checks.override(run, stage, e);
    } else if (event instanceof PipelineTriggered e) {
      return triggers.triggered(run, stage, e);
    } else if (event instanceof TriggerFailed e) {
      return triggers.failed(run, stage, e);
    } else if (event instanceof PipelineStatusChanged e) {
      return follower.pipelineStatus(run, stage, e);
    } else if (event instanceof JobStatusChanged e) {
      return follower.jobStatus(run, stage, e);
    } else if (event instanceof StageTimedOut e) {
      return follower.timedOut(run, stage, e);
    } else if (event instanceof TriageCompleted e) {
      return triage.completed(run, stage, e);
    } else if (event instanceof RecordStepCompleted e) {
      return recording.completed(run, stage, e);
    } else if (event instanceof RecordStepRetryRequested e) {
      return recording.retry(run, stage, e);
    } else if (event instanceof RetryRequested e) {
      return failures.retry(run, stage, e);
    } else if (event instanceof MitigationRecorded e) {
      return failures.mitigate(run, stage, e);
    } else if (event instanceof QaFailureOverridden e) {
      return failures.overrideQa(run, stage, e);
    } else if (event instanceof TriggerSent e) {
      return triggers.sent(run, stage, e);
    } else if (event instanceof TriggerRefused e) {
      return triggers.refused(run, stage, e);
    } else if (event instanceof TriggerUncertain e) {
      return triggers.uncertain(run, stage, e);
    } else if (event instanceof ChecksExpired e) {
      return triggers.expired(run, stage, e);
    } else if (event instanceof PipelineMissing e) {
      return follower.missing(run, stage, e);
    } else if (event instanceof PipelineAdopted e) {
      return triggerDecisions.adopt(run, stage, e);
    } else if (event instanceof TriggerAgainRequested e) {
      return triggerDecisions.again(run, stage, e);
    } else if (event instanceof StageAbandoned e) {
      return abandons.abandon(run, stage, e);
    } else if (event instanceof MigrationRunningLong e) {
      return follower.runningLong(run, stage, e);
    }
    throw new IllegalStateException("unhandled event type " + event.getClass().getName());
  }

  /** Outcomes of work already in flight are still recorded on a finished run, and a failed record step can be redone. */
  private static boolean appliesToFinishedRun(RunEvent event) {
    return event instanceof RecordStepCompleted || event instanceof RecordStepRetryRequested || event instanceof TriageCompleted;
  }
}
