package dev.pdm.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.run.Command.TriggerPipeline;
import dev.pdm.core.run.Decision.Transition;
import dev.pdm.core.run.RunEvent.CancelRequested;
import dev.pdm.core.run.RunEvent.ChecksCompleted;
import dev.pdm.core.run.RunEvent.ChecksOverridden;
import dev.pdm.core.run.RunEvent.JobStatusChanged;
import dev.pdm.core.run.RunEvent.MitigationRecorded;
import dev.pdm.core.run.RunEvent.PipelineStatusChanged;
import dev.pdm.core.run.RunEvent.PipelineTriggered;
import dev.pdm.core.run.RunEvent.RecheckRequested;
import dev.pdm.core.run.RunEvent.RecordStepCompleted;
import dev.pdm.core.run.RunEvent.RecordStepRetryRequested;
import dev.pdm.core.run.RunEvent.RetryRequested;
import dev.pdm.core.run.RunEvent.StageTimedOut;
import dev.pdm.core.run.RunEvent.TriageCompleted;
import dev.pdm.core.run.RunEvent.TriggerFailed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Property-style: thousands of seeded random event sequences, mostly plausible, with duplicates, replays of old events
 * and reordering, keep the invariants over the whole sequence.
 */
class RandomSequencesTest {

  private static final long SEED = 20261124L;
  private static final int SEQUENCES = 3_000;
  private static final int EVENTS_PER_SEQUENCE = 70;

  private final RunStateMachine machine = new RunStateMachine();

  @Test
  void keepsTheInvariantsOverThousandsOfRandomSequences() {
    Random random = new Random(SEED);
    Set<RunStatus> reached = EnumSet.noneOf(RunStatus.class);
    Set<StageStatus> stages = EnumSet.noneOf(StageStatus.class);
    for (int sequence = 0; sequence < SEQUENCES; sequence++) {
      reached.addAll(runSequence(random, stages));
    }
    assertThat(reached).as("the sequences explore every run status").containsExactlyInAnyOrder(RunStatus.values());
    assertThat(stages).as("the sequences explore every stage status").containsExactlyInAnyOrder(StageStatus.values());
  }

  private Set<RunStatus> runSequence(Random random, Set<StageStatus> stages) {
    Run run = ((Transition) machine.start(RunDriver.request(RunPlan.standard("gstg", "gprd")))).run();
    List<RunEvent> sent = new ArrayList<>();
    Set<String> triggered = new HashSet<>();
    Set<String> locksOpened = new HashSet<>();
    Set<String> locksClosed = new HashSet<>();
    Set<String> awaitingDecision = new HashSet<>();
    Set<RunStatus> reached = EnumSet.of(run.status());
    for (int step = 0; step < EVENTS_PER_SEQUENCE; step++) {
      Instant at = RunDriver.T0.plusSeconds(60L * step + random.nextInt(120) - 60);
      int dice = random.nextInt(10);
      RunEvent event = dice < 2 && !sent.isEmpty() ? sent.get(random.nextInt(sent.size()))
          : dice < 6 ? progress(run, random, at) : plausible(run, random, at);
      sent.add(event);
      Decision decision = machine.decide(run, event);
      RunInvariants.assertStep(run, event, decision);
      if (decision instanceof Transition transition) {
        for (Command command : transition.commands()) {
          if (command instanceof Command.OpenDeploymentLock lock) {
            assertThat(locksOpened.add(lock.stageId() + "#" + lock.attempt()))
                .as("a second running deployment for %s attempt %d", lock.stageId(), lock.attempt()).isTrue();
          }
          if (command instanceof Command.CloseDeploymentLock lock) {
            assertThat(locksOpened).as("closing a lock never opened").contains(lock.stageId() + "#" + lock.attempt());
            assertThat(locksClosed.add(lock.stageId() + "#" + lock.attempt()))
                .as("closing the lock of %s attempt %d twice", lock.stageId(), lock.attempt()).isTrue();
          }
          if (command instanceof TriggerPipeline trigger) {
            assertThat(triggered.add(trigger.stageId() + "#" + trigger.attempt()))
                .as("a second TriggerPipeline for %s attempt %d", trigger.stageId(), trigger.attempt()).isTrue();
            int index = run.indexOf(trigger.stageId());
            assertThat(run.stages().subList(0, index)).as("earlier stage failed without a decision")
                .noneMatch(s -> awaitingDecision.contains(s.id()));
          }
        }
        trackFailures(run, transition.run(), event, awaitingDecision);
        run = transition.run();
        reached.add(run.status());
        run.stages().forEach(stage -> stages.add(stage.status()));
      }
    }
    return reached;
  }

  private static void trackFailures(Run before, Run after, RunEvent event, Set<String> awaitingDecision) {
    for (Stage stage : after.stages()) {
      boolean newlyFailed = stage.status() == StageStatus.FAILED && before.stage(stage.id()).orElseThrow().status() != StageStatus.FAILED;
      if (newlyFailed) {
        awaitingDecision.add(stage.id());
      }
    }
    if (event instanceof RetryRequested retry) {
      awaitingDecision.remove(retry.stageId());
    }
    if (event instanceof MitigationRecorded mitigation && mitigation.kind().resolvesStage()) {
      awaitingDecision.remove(mitigation.stageId());
    }
    if (event instanceof RunEvent.QaFailureOverridden override) {
      awaitingDecision.remove(override.stageId());
    }
  }

  /** The event that moves the stage in progress forward, as a smooth run would see it. */
  private static RunEvent progress(Run run, Random random, Instant at) {
    Stage stage = run.stages().stream().filter(s -> !s.status().isFinal()).findFirst().orElse(run.stages().get(0));
    String id = stage.id();
    long pipeline = 1_000L * (run.indexOf(id) + 1) + stage.attemptNumber();
    String job = stage.spec().environment() + "-postdeploy-migrations";
    return switch (stage.status()) {
      case CHECKING -> new ChecksCompleted(id, stage.checkRound(), List.of(RunDriver.pass("incident")), at);
      case BLOCKED -> new RecheckRequested(id, "rm", at);
      case TRIGGERING -> triggering(stage, random, pipeline, at);
      case TRIGGER_UNCERTAIN -> switch (random.nextInt(4)) {
        case 0 -> new RunEvent.PipelineAdopted(id, "rm", pipeline, RunDriver.pipelineUrl(pipeline), "found it", at);
        case 1 -> new RunEvent.TriggerAgainRequested(id, "rm", "nothing in GitLab", at);
        case 2 -> new PipelineTriggered(id, stage.attemptNumber(), pipeline, RunDriver.pipelineUrl(pipeline), true, at);
        default -> new RunEvent.StageAbandoned(id, "rm", "giving up", at);
      };
      case RUNNING -> random.nextBoolean() ? new PipelineStatusChanged(id, pipeline, CiStatus.SUCCESS, at)
          : new JobStatusChanged(id, pipeline, pipeline * 10, job, CiStatus.SUCCESS, "https://x/job", at);
      case RECORDING -> stage.recordSteps().stream().filter(s -> s.status() == RecordStep.Status.PENDING).findFirst()
          .<RunEvent>map(s -> new RecordStepCompleted(id, s.kind(), s.attempt(), true, "done", at))
          .orElse(new StageTimedOut(id, stage.attemptNumber(), at));
      case FAILED -> switch (random.nextInt(4)) {
        case 0, 1 -> new RetryRequested(id, "rm", "safe now", at);
        case 2 -> stage.spec().kind() == StageKind.QA ? new RunEvent.QaFailureOverridden(id, "rm", "known flake", Optional.empty(), at)
            : new MitigationRecorded(id, "dba", MitigationKind.MARK_COMPLETE, "completed by hand", Optional.empty(), at);
        default -> new RunEvent.StageAbandoned(id, "rm", "not today", at);
      };
      default -> new StageTimedOut(id, stage.attemptNumber(), at);
    };
  }

  /** The executor's reports on a trigger: a send, then a pipeline, a refusal, doubt, or stale checks. */
  private static RunEvent triggering(Stage stage, Random random, long pipeline, Instant at) {
    Attempt attempt = stage.currentAttempt().orElseThrow();
    int send = attempt.trigger().sends();
    String id = stage.id();
    if (attempt.trigger().maySend() && random.nextInt(3) > 0) {
      return random.nextInt(6) == 0 ? new RunEvent.ChecksExpired(id, attempt.number(), RunDriver.T0, at)
          : new RunEvent.TriggerSent(id, attempt.number(), send + 1, "deployer", "master", at);
    }
    return switch (random.nextInt(6)) {
      case 0 -> new RunEvent.TriggerRefused(id, attempt.number(), send, "503", at);
      case 1 -> new RunEvent.TriggerUncertain(id, attempt.number(), send, "no answer", at);
      default -> new PipelineTriggered(id, attempt.number(), pipeline, RunDriver.pipelineUrl(pipeline), false, at);
    };
  }

  /** An event a real deployment could send now, aimed mostly at the stage in progress. */
  private static RunEvent plausible(Run run, Random random, Instant at) {
    Stage stage = run.stages().stream().filter(s -> !s.status().isFinal()).findFirst()
        .orElse(run.stages().get(random.nextInt(run.stages().size())));
    if (random.nextInt(5) == 0) {
      stage = run.stages().get(random.nextInt(run.stages().size()));
    }
    String id = stage.id();
    int attempt = Math.max(1, stage.attemptNumber() - (random.nextInt(6) == 0 ? 1 : 0));
    long pipeline = 1_000L * (run.indexOf(id) + 1) + attempt;
    CiStatus status = pick(random, CiStatus.values());
    String jobName = random.nextInt(5) == 0 ? "gstg-qa" : stage.spec().environment() + "-postdeploy-migrations";
    RecordStep.Kind step = pick(random, RecordStep.Kind.values());
    String reason = random.nextInt(4) == 0 ? "" : "checked with the database team";
    int send = stage.currentAttempt().map(a -> a.trigger().sends()).orElse(0) + random.nextInt(3) - 1;
    return switch (random.nextInt(23)) {
      case 22 -> new RunEvent.MigrationRunningLong(id, attempt, random.nextBoolean() ? "20241108120000" : "20241105093011",
          "Migration", 120, 60, random.nextBoolean() ? Optional.of(4.2) : Optional.empty(), at);
      case 16 -> new RunEvent.TriggerSent(id, attempt, send, "deployer", "master", at);
      case 17 -> new RunEvent.TriggerRefused(id, attempt, send, "429", at);
      case 18 -> new RunEvent.TriggerUncertain(id, attempt, send, "timeout", at);
      case 19 -> new RunEvent.PipelineMissing(id, pipeline, at);
      case 20 -> new RunEvent.StageAbandoned(id, "rm", reason, at);
      case 21 -> random.nextBoolean() ? new RunEvent.TriggerAgainRequested(id, "rm", reason, at)
          : new RunEvent.QaFailureOverridden(id, "rm", reason, Optional.empty(), at);
      case 0 -> new ChecksCompleted(id, stage.checkRound() - random.nextInt(2), random.nextInt(3) == 0
          ? List.of(RunDriver.fail("incident", "open", "https://x/1")) : List.of(RunDriver.pass("incident")), at);
      case 1 -> new PipelineTriggered(id, attempt, pipeline, RunDriver.pipelineUrl(pipeline), random.nextBoolean(), at);
      case 2 -> random.nextInt(4) == 0 ? new TriggerFailed(id, attempt, "500", at) : new StageTimedOut(id, attempt, at);
      case 3, 4, 5 -> new PipelineStatusChanged(id, pipeline, status, at);
      case 6, 7, 8 -> new JobStatusChanged(id, pipeline, pipeline * 10 + random.nextInt(2), jobName, status, "https://x/job", at);
      case 9 -> new RecordStepCompleted(id, step, stage.recordStep(step).map(RecordStep::attempt).orElse(1), random.nextInt(4) != 0, "d", at);
      case 10 -> new RecordStepRetryRequested(id, step, "rm", at);
      case 11 -> new RetryRequested(id, "rm", reason, at);
      case 12 -> new MitigationRecorded(id, "dba", pick(random, MitigationKind.values()), reason, Optional.empty(), at);
      case 13 -> random.nextBoolean() ? new RecheckRequested(id, "rm", at) : new ChecksOverridden(id, "rm", reason, Optional.empty(), at);
      case 14 -> new TriageCompleted(id, attempt, "summary", Optional.empty(), at);
      default -> random.nextInt(6) == 0 ? new CancelRequested("rm", "", at) : new PipelineStatusChanged(id, pipeline, CiStatus.SUCCESS, at);
    };
  }

  private static <T> T pick(Random random, T[] values) {
    return values[random.nextInt(values.length)];
  }
}
