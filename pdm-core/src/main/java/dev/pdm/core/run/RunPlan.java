package dev.pdm.core.run;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ordered stages a run goes through; a stage starts only once every earlier stage has succeeded.
 *
 * @param id     the plan's name, stored on the run
 * @param stages at least one stage, ids unique
 */
public record RunPlan(String id, List<StageSpec> stages) {

  public RunPlan {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("plan id is " + (id == null ? "missing" : "blank") + "; expected a name such as 'default'");
    }
    if (stages == null || stages.isEmpty()) {
      throw new IllegalArgumentException("plan '" + id + "' has no stages; expected at least one stage");
    }
    stages = List.copyOf(stages);
    Set<String> seen = new HashSet<>();
    for (StageSpec stage : stages) {
      if (!seen.add(stage.id())) {
        throw new IllegalArgumentException("plan '" + id + "' has stage id '" + stage.id() + "' twice; expected unique stage ids");
      }
    }
  }

  /** The standard plan: migrate staging, QA against staging, migrate production. */
  public static RunPlan standard(String staging, String production) {
    return new RunPlan("default", List.of(StageSpec.migrate(staging), StageSpec.qa(staging), StageSpec.migrate(production)));
  }
}
