package dev.pdm.core.run;

import java.util.Objects;
import java.util.Optional;

/**
 * One planned stage of a run.
 *
 * @param id          unique within the plan, e.g. {@code migrate-gstg}
 * @param kind        migrate or QA
 * @param environment the GitLab environment the stage acts on, e.g. {@code gstg}
 * @param tier        staging or production: a production migration must come after a staging migration and QA
 */
public record StageSpec(String id, StageKind kind, String environment, EnvironmentTier tier) {

  public StageSpec {
    requireText("id", id);
    Objects.requireNonNull(kind, "stage kind must not be null; expected MIGRATE or QA");
    requireText("environment", environment);
    Objects.requireNonNull(tier, "stage tier must not be null; expected STAGING or PRODUCTION");
  }

  /** A migrate stage named {@code migrate-<environment>}. */
  public static StageSpec migrate(String environment, EnvironmentTier tier) {
    return new StageSpec("migrate-" + environment, StageKind.MIGRATE, environment, tier);
  }

  /** A QA stage named {@code qa-<environment>}. */
  public static StageSpec qa(String environment, EnvironmentTier tier) {
    return new StageSpec("qa-" + environment, StageKind.QA, environment, tier);
  }

  /** The job whose outcome decides a migrate stage ({@code <env>-postdeploy-migrations}); QA stages follow the pipeline only. */
  public Optional<String> followedJobName() {
    return kind == StageKind.MIGRATE ? Optional.of(environment + "-postdeploy-migrations") : Optional.empty();
  }

  /** Whether this stage migrates a production database. */
  public boolean migratesProduction() {
    return kind == StageKind.MIGRATE && tier == EnvironmentTier.PRODUCTION;
  }

  private static void requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("stage " + field + " is " + (value == null ? "missing" : "blank")
          + "; expected a non-blank text such as " + ("id".equals(field) ? "'migrate-gstg'" : "'gstg'"));
    }
  }
}
