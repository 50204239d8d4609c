package dev.pdm.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.run.Command.TriggerPipeline;
import dev.pdm.core.run.Decision.Transition;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every run status × stage status × stage position × event kind (with stale and invalid variants) keeps the invariants. */
class ExhaustiveTransitionsTest {

  private final RunStateMachine machine = new RunStateMachine();

  @Test
  void keepsEveryInvariantForEveryRunStatusStageStatusAndEvent() {
    Set<Class<?>> covered = new HashSet<>();
    int decisions = 0;
    for (RunStatus runStatus : RunStatus.values()) {
      for (int index = 0; index < 3; index++) {
        for (StageStatus stageStatus : StageStatus.values()) {
          Run run = RunShapes.shaped(runStatus, index, stageStatus);
          for (Stage target : run.stages()) {
            for (RunEvent event : EventSamples.forStage(run, target, RunShapes.AT)) {
              RunInvariants.assertStep(run, event, machine.decide(run, event));
              covered.add(event.getClass());
              decisions++;
            }
          }
        }
      }
    }
    for (RunStatus runStatus : RunStatus.values()) {
      for (int index = 0; index < 3; index++) {
        for (Run run : RunShapes.triggerVariants(runStatus, index)) {
          for (Stage target : run.stages()) {
            for (RunEvent event : EventSamples.forStage(run, target, RunShapes.AT)) {
              RunInvariants.assertStep(run, event, machine.decide(run, event));
              decisions++;
            }
          }
        }
      }
    }
    assertThat(covered).containsExactlyInAnyOrderElementsOf(EventSamples.allEventTypes());
    assertThat(decisions).isGreaterThan(80_000);
  }

  @Test
  void neverTriggersAStageWhileAnEarlierStageHasFailed() {
    for (RunStatus runStatus : RunStatus.values()) {
      for (StageStatus later : StageStatus.values()) {
        Run run = RunShapes.shaped(runStatus, 0, StageStatus.FAILED);
        Run withLater = run.withStage(RunShapes.stage(run.stages().get(2).spec(), later, 3_000));
        for (Stage target : withLater.stages().subList(1, 3)) {
          for (RunEvent event : EventSamples.forStage(withLater, target, RunShapes.AT)) {
            if (machine.decide(withLater, event) instanceof Transition transition) {
              assertThat(transition.commands()).as("%s on %s", event, later).noneMatch(TriggerPipeline.class::isInstance);
            }
          }
        }
      }
    }
  }
}
