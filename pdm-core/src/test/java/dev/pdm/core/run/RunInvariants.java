package dev.pdm.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.run.Command.CloseDeploymentLock;
import dev.pdm.core.run.Command.OpenDeploymentLock;
import dev.pdm.core.run.Command.RecordCommand;
import dev.pdm.core.run.Command.RunChecks;
import dev.pdm.core.run.Command.TriggerPipeline;
import dev.pdm.core.run.Decision.Rejected;
import dev.pdm.core.run.Decision.Transition;
import dev.pdm.core.run.RunEvent.MigrationRunningLong;
import dev.pdm.core.run.RunEvent.OperatorRequest;
import dev.pdm.core.run.RunEvent.PipelineTriggered;
import dev.pdm.core.run.RunEvent.RecordStepRetryRequested;
import dev.pdm.core.run.RunEvent.TriggerSent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The safety rules every single transition must keep, whatever the run and the event. */
final class RunInvariants {

  private RunInvariants() {
  }

  static void assertStep(Run before, RunEvent event, Decision decision) {
    Supplier<String> context = () -> "event " + event + " on run " + before.status() + " " + before.stages().stream().map(s -> s.id() + "=" + s.status()).toList();
    if (decision instanceof Rejected) {
      assertThat(event).as(() -> "only operator requests are rejected: " + context.get()).isInstanceOf(OperatorRequest.class);
      return;
    }
    Transition transition = (Transition) decision;
    Run after = transition.run();
    List<Command> commands = transition.commands();
    assertThat(after.id()).isEqualTo(before.id());
    assertThat(after.stages()).extracting(Stage::id).as(context).containsExactlyElementsOf(before.stages().stream().map(Stage::id).toList());
    assertThat(after.updatedAt()).as(() -> "updatedAt never goes back: " + context.get()).isAfterOrEqualTo(before.updatedAt());
    assertThat(after.decisions().subList(0, Math.min(before.decisions().size(), after.decisions().size())))
        .as(() -> "decisions are only appended: " + context.get()).isEqualTo(before.decisions());
    boolean decided = after.decisions().size() > before.decisions().size();
    if (decided) {
      assertThat(event).as(context).isInstanceOf(OperatorRequest.class);
    }
    assertThat(commands.stream().filter(TriggerPipeline.class::isInstance).count()).as(() -> "one trigger at most: " + context.get()).isLessThanOrEqualTo(1);
    if (before.status().isTerminal()) {
      assertFinishedRunUnmoved(before, event, after, commands, context);
    }
    commands.stream().filter(TriggerPipeline.class::isInstance).map(TriggerPipeline.class::cast)
        .forEach(trigger -> assertTrigger(before, after, trigger, context));
    commands.stream().filter(RunChecks.class::isInstance).map(RunChecks.class::cast)
        .forEach(checks -> assertChecks(after, checks, context));
    commands.stream().filter(OpenDeploymentLock.class::isInstance).map(OpenDeploymentLock.class::cast)
        .forEach(lock -> assertLockOpened(before, after, lock, context));
    commands.stream().filter(CloseDeploymentLock.class::isInstance).map(CloseDeploymentLock.class::cast)
        .forEach(lock -> assertLockClosed(before, after, lock, context));
    assertThat(commands.stream().filter(c -> c instanceof OpenDeploymentLock || c instanceof CloseDeploymentLock).count())
        .as(() -> "one lock command at most per transition: " + context.get()).isLessThanOrEqualTo(1);
    assertRunningLongAnnouncedOnce(before, after, event, commands, context);
    for (int i = 0; i < before.stages().size(); i++) {
      assertStageMovedForward(before.stages().get(i), after.stages().get(i), decided, commands, context);
      assertOnlyItsSendRecordsASend(after, before.stages().get(i), after.stages().get(i), event, context);
      if (before.stages().get(i).status() == StageStatus.TRIGGER_UNCERTAIN && !decided) {
        assertThat(after.stages().get(i).status()).as(() -> "only a person, or the attempt's own pipeline found at last, moves a"
            + " trigger in doubt: " + context.get())
            .isIn(StageStatus.TRIGGER_UNCERTAIN, event instanceof PipelineTriggered ? StageStatus.RUNNING : StageStatus.TRIGGER_UNCERTAIN);
      }
    }
  }

  private static void assertOnlyItsSendRecordsASend(Run run, Stage before, Stage after, RunEvent event, Supplier<String> context) {
    for (int a = 0; a < before.attempts().size(); a++) {
      if (after.attempts().get(a).trigger().sends() > before.attempts().get(a).trigger().sends()) {
        assertThat(event).as(() -> "a send recorded by something else than TriggerSent: " + context.get()).isInstanceOf(TriggerSent.class);
        if (after.spec().migratesProduction()) {
          assertRehearsed(run, after, context);
        }
      }
    }
  }

  private static void assertFinishedRunUnmoved(Run before, RunEvent event, Run after, List<Command> commands, Supplier<String> context) {
    assertThat(after.status()).as(() -> "a finished run stays finished: " + context.get()).isEqualTo(before.status());
    assertThat(after.stages()).extracting(Stage::status).as(context)
        .containsExactlyElementsOf(before.stages().stream().map(Stage::status).toList());
    if (event instanceof RecordStepRetryRequested) {
      assertThat(commands).as(context).allMatch(RecordCommand.class::isInstance);
    } else {
      assertThat(commands).as(() -> "a finished run emits nothing: " + context.get()).isEmpty();
    }
  }

  private static void assertTrigger(Run before, Run after, TriggerPipeline trigger, Supplier<String> context) {
    assertThat(before.status().isTerminal()).as(() -> "no trigger for a finished run: " + context.get()).isFalse();
    Stage previous = before.stage(trigger.stageId()).orElseThrow();
    Stage next = after.stage(trigger.stageId()).orElseThrow();
    assertThat(trigger.attempt()).as(() -> "a trigger is always a new attempt: " + context.get()).isEqualTo(previous.attemptNumber() + 1);
    assertThat(next.attemptNumber()).isEqualTo(trigger.attempt());
    assertThat(next.status()).isEqualTo(StageStatus.TRIGGERING);
    assertThat(after.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(after.earlierStagesSucceeded(trigger.stageId())).as(() -> "earlier stages succeeded before a trigger: " + context.get()).isTrue();
    if (next.spec().migratesProduction()) {
      assertRehearsed(after, next, context);
    }
    assertThat(trigger.variables()).isEqualTo(Map.of("PDM_RUN_ID", after.id(), "PDM_STAGE", trigger.stageId(),
        "PDM_ATTEMPT", Integer.toString(trigger.attempt())));
  }

  /** No production migration unless a staging migration and then a QA stage succeeded (or QA was overridden by a person). */
  static void assertRehearsed(Run run, Stage production, Supplier<String> context) {
    List<Stage> earlier = run.stages().subList(0, run.indexOf(production.id()));
    int staging = -1;
    boolean rehearsed = false;
    for (int i = 0; i < earlier.size(); i++) {
      Stage stage = earlier.get(i);
      boolean done = stage.status() == StageStatus.SUCCEEDED && stage.spec().tier() == EnvironmentTier.STAGING;
      if (done && stage.spec().kind() == StageKind.MIGRATE && staging < 0) {
        staging = i;
      } else if (done && stage.spec().kind() == StageKind.QA && staging >= 0) {
        rehearsed = stage.resolution().map(r -> r.kind() == OperatorDecision.Kind.QA_FAILURE_OVERRIDDEN).orElse(true);
      }
    }
    assertThat(rehearsed).as(() -> "production triggered without a staging migration and QA: " + context.get()).isTrue();
  }

  /** A lock is opened only when a migrate stage's current attempt has just got its pipeline. */
  private static void assertLockOpened(Run before, Run after, OpenDeploymentLock lock, Supplier<String> context) {
    Stage previous = before.stage(lock.stageId()).orElseThrow();
    Stage next = after.stage(lock.stageId()).orElseThrow();
    assertThat(next.spec().kind()).as(context).isEqualTo(StageKind.MIGRATE);
    assertThat(next.status()).as(context).isEqualTo(StageStatus.RUNNING);
    assertThat(lock.attempt()).as(context).isEqualTo(next.attemptNumber());
    assertThat(previous.currentAttempt(lock.attempt()).flatMap(Attempt::pipeline))
        .as(() -> "a lock opened twice for one attempt: " + context.get()).isEmpty();
    assertThat(next.currentAttempt().flatMap(Attempt::pipeline)).as(context).isPresent();
    assertThat(lock.sha()).isEqualTo(after.migratedPackages(next).find(next.spec().environment(), DeploymentProject.CANONICAL)
        .orElseThrow().sha());
  }

  /** A lock is closed only when a migrate stage whose attempt had a pipeline stops without success. */
  private static void assertLockClosed(Run before, Run after, CloseDeploymentLock lock, Supplier<String> context) {
    Stage previous = before.stage(lock.stageId()).orElseThrow();
    Stage next = after.stage(lock.stageId()).orElseThrow();
    assertThat(next.spec().kind()).as(context).isEqualTo(StageKind.MIGRATE);
    assertThat(previous.status()).as(() -> "only a running attempt's lock is closed: " + context.get())
        .isEqualTo(StageStatus.RUNNING);
    assertThat(next.status()).as(context).isIn(StageStatus.FAILED, StageStatus.ABANDONED);
    assertThat(previous.currentAttempt(lock.attempt()).flatMap(Attempt::pipeline)).as(context).isPresent();
  }

  /** A running-long announcement comes from its event only, once per migration and attempt, and moves nothing else. */
  private static void assertRunningLongAnnouncedOnce(Run before, Run after, RunEvent event, List<Command> commands,
      Supplier<String> context) {
    for (int i = 0; i < before.stages().size(); i++) {
      Stage previous = before.stages().get(i);
      Stage next = after.stages().get(i);
      for (int a = 0; a < previous.attempts().size(); a++) {
        List<RunningLong> was = previous.attempts().get(a).runningLong();
        List<RunningLong> is = next.attempts().get(a).runningLong();
        assertThat(is.subList(0, Math.min(was.size(), is.size()))).as(context).isEqualTo(was);
        if (is.size() > was.size()) {
          assertThat(event).as(context).isInstanceOf(MigrationRunningLong.class);
          assertThat(is).as(context).hasSize(was.size() + 1);
          assertThat(is.stream().map(RunningLong::version).distinct().count())
              .as(() -> "a migration announced twice as running long: " + context.get()).isEqualTo(is.size());
          assertThat(next.status()).as(context).isEqualTo(previous.status());
          assertThat(after.status()).as(context).isEqualTo(before.status());
          assertThat(commands).as(context).allMatch(c -> c instanceof Command.Notify n
              && n.kind() == NotificationKind.MIGRATION_RUNNING_LONG);
        }
      }
    }
    if (event instanceof MigrationRunningLong) {
      assertThat(commands).as(() -> "a running-long report only ever announces: " + context.get())
          .allMatch(c -> c instanceof Command.Notify);
    }
  }

  private static void assertChecks(Run after, RunChecks checks, Supplier<String> context) {
    Stage stage = after.stage(checks.stageId()).orElseThrow();
    assertThat(stage.status()).as(context).isEqualTo(StageStatus.CHECKING);
    assertThat(stage.checkRound()).isEqualTo(checks.round());
    assertThat(stage.spec().kind()).as(() -> "checks run only before a migration: " + context.get()).isEqualTo(StageKind.MIGRATE);
    assertThat(after.earlierStagesSucceeded(checks.stageId())).as(() -> "earlier stages succeeded before checks: " + context.get()).isTrue();
  }

  private static void assertStageMovedForward(Stage before, Stage after, boolean decided, List<Command> commands, Supplier<String> context) {
    Supplier<String> where = () -> context.get() + " stage " + before.id();
    boolean triggered = commands.stream().anyMatch(c -> c instanceof TriggerPipeline t && t.stageId().equals(before.id()));
    assertThat(after.attemptNumber()).as(where).isEqualTo(before.attemptNumber() + (triggered ? 1 : 0));
    assertThat(after.checkRound()).as(where).isBetween(before.checkRound(), before.checkRound() + 1);
    if (before.status().isFinal()) {
      assertThat(after.status()).as(() -> "a finished stage stays finished: " + where.get()).isEqualTo(before.status());
    }
    if (before.status() == StageStatus.FAILED && !decided) {
      assertThat(after.status()).as(() -> "only an operator moves a failed stage: " + where.get()).isEqualTo(StageStatus.FAILED);
    }
    boolean sameRound = after.checkRound() == before.checkRound() && !triggered;
    if (sameRound && !decided) {
      assertThat(rank(after.status())).as(() -> "no backward move: " + where.get()).isGreaterThanOrEqualTo(rank(before.status()));
    }
    for (int i = 0; i < before.attempts().size(); i++) {
      assertAttemptMovedForward(before.attempts().get(i), after.attempts().get(i), where);
    }
    for (RecordStep step : before.recordSteps()) {
      RecordStep next = after.recordStep(step.kind()).orElseThrow();
      assertThat(next.attempt()).as(where).isGreaterThanOrEqualTo(step.attempt());
      if (next.attempt() == step.attempt() && step.status() != RecordStep.Status.PENDING) {
        assertThat(next).as(() -> "a record step outcome is kept: " + where.get()).isEqualTo(step);
      }
    }
  }

  private static void assertAttemptMovedForward(Attempt before, Attempt after, Supplier<String> where) {
    assertThat(after.number()).isEqualTo(before.number());
    assertStatusForward(before.pipeline().map(FollowedPipeline::status), after.pipeline().map(FollowedPipeline::status), where);
    before.pipeline().ifPresent(p -> assertThat(after.pipeline().orElseThrow().id()).as(where).isEqualTo(p.id()));
    before.job().ifPresent(j -> {
      FollowedJob next = after.job().orElseThrow();
      assertThat(next.id()).as(() -> "only a newer job (a GitLab retry) replaces the followed one: " + where.get())
          .isGreaterThanOrEqualTo(j.id());
      if (next.id() == j.id()) {
        assertStatusForward(Optional.of(j.status()), Optional.of(next.status()), where);
      }
    });
    assertTriggerMovedForward(before.trigger(), after.trigger(), where);
    before.failure().ifPresent(f -> assertThat(after.failure()).as(where).contains(f));
    before.triage().filter(TriageState::completed).ifPresent(t -> assertThat(after.triage()).as(where).contains(t));
  }

  /** A send is recorded once, answered at most once, and never followed by another while its outcome is unknown. */
  private static void assertTriggerMovedForward(TriggerState before, TriggerState after, Supplier<String> where) {
    assertThat(after.sends()).as(where).isBetween(before.sends(), before.sends() + 1);
    if (after.sends() > before.sends()) {
      assertThat(before.maySend()).as(() -> "a second POST while the first one's outcome is unknown: " + where.get()).isTrue();
      assertThat(after.awaitingAnswer()).as(where).isTrue();
    } else {
      assertThat(after.lastSend()).as(where).isEqualTo(before.lastSend());
    }
    before.withdrawn().ifPresent(w -> assertThat(after.withdrawn()).as(where).contains(w));
    before.uncertain().ifPresent(u -> assertThat(after.uncertain()).as(where).contains(u));
  }

  private static void assertStatusForward(Optional<CiStatus> before, Optional<CiStatus> after, Supplier<String> where) {
    if (before.isPresent()) {
      assertThat(after).as(where).isPresent();
      int from = lifecycle(before.get());
      int to = lifecycle(after.get());
      assertThat(after.get() == before.get() || to > from || (to == 0 && from == 0))
          .as(() -> "status " + before.get() + " never goes back to " + after.get() + ": " + where.get()).isTrue();
    }
  }

  /** GitLab's lifecycle, independently of CiStatus: waiting, running, canceling, finished. */
  private static int lifecycle(CiStatus status) {
    return switch (status) {
      case CREATED, WAITING_FOR_RESOURCE, PREPARING, PENDING, SCHEDULED, MANUAL -> 0;
      case RUNNING -> 1;
      case CANCELING -> 2;
      case SUCCESS, FAILED, CANCELED, SKIPPED -> 3;
    };
  }

  private static int rank(StageStatus status) {
    return switch (status) {
      case PENDING -> 0;
      case CHECKING -> 1;
      case BLOCKED -> 2;
      case TRIGGERING -> 3;
      case TRIGGER_UNCERTAIN -> 4;
      case RUNNING -> 5;
      case RECORDING -> 6;
      case SUCCEEDED, FAILED, CANCELED, SKIPPED, ABANDONED -> 7;
    };
  }
}
