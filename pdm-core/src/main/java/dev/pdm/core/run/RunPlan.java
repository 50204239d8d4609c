package dev.pdm.core.run;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ordered stages a run goes through; a stage starts only once every earlier stage has succeeded. A plan that would
 * migrate production before a staging migration and a QA stage after it cannot be built.
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
    for (int i = 0; i < stages.size(); i++) {
      Optional<String> problem = unrehearsed(stages, i);
      if (problem.isPresent()) {
        throw new IllegalArgumentException("plan '" + id + "' stage " + i + " '" + stages.get(i).id() + "': " + problem.get());
      }
    }
  }

  /**
   * Why the stage at {@code index} may not run where it stands: a production migration needs, before it, a staging
   * migration followed by a QA stage on a staging environment. Empty when it may.
   */
  public static Optional<String> unrehearsed(List<StageSpec> stages, int index) {
    if (!stages.get(index).migratesProduction()) {
      return Optional.empty();
    }
    int stagingMigration = -1;
    for (int i = 0; i < index; i++) {
      StageSpec earlier = stages.get(i);
      if (earlier.tier() != EnvironmentTier.STAGING) {
        continue;
      }
      if (earlier.kind() == StageKind.MIGRATE && stagingMigration < 0) {
        stagingMigration = i;
      } else if (earlier.kind() == StageKind.QA && stagingMigration >= 0) {
        return Optional.empty();
      }
    }
    return Optional.of("migrates production, so it must come after a migrate stage and then a qa stage on staging"
        + " environments; expected those stages earlier in the plan");
  }

  /** The standard plan: migrate staging, QA against staging, migrate production. */
  public static RunPlan standard(String staging, String production) {
    return new RunPlan("default", List.of(StageSpec.migrate(staging, EnvironmentTier.STAGING),
        StageSpec.qa(staging, EnvironmentTier.STAGING), StageSpec.migrate(production, EnvironmentTier.PRODUCTION)));
  }
}
