package dev.pdm.core.notify;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.run.StageKind;
import dev.pdm.core.run.StageSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** How people call a stage: "Staging (gstg) migrations", "Staging (gstg) QA". Plain text, not escaped. */
public final class StageNames {
  private final Map<String, String> environmentTitles;

  /**
   * @param environmentTitles a readable name per environment (e.g. {@code gstg → Staging}), shown as "Staging (gstg)";
   *                          an environment without one is shown by its name
   */
  public StageNames(Map<String, String> environmentTitles) {
    this.environmentTitles = Map.copyOf(environmentTitles);
  }

  /** Each configured environment titled after its workflow label ({@code staging → Staging}). */
  public static StageNames forEnvironments(List<PdmConfig.Environment> environments) {
    return new StageNames(environments.stream()
        .collect(Collectors.toMap(PdmConfig.Environment::name, e -> capitalized(e.workflowLabel()), (first, second) -> first)));
  }

  /** The stage's name. */
  public String of(StageSpec spec) {
    return environment(spec.environment()) + (spec.kind() == StageKind.MIGRATE ? " migrations" : " QA");
  }

  /** The environment's name: "Staging (gstg)". */
  public String environment(String environment) {
    return Optional.ofNullable(environmentTitles.get(environment)).map(t -> t + " (" + environment + ")")
        .orElse(environment);
  }

  private static String capitalized(String label) {
    return label.isEmpty() ? label : label.substring(0, 1).toUpperCase(Locale.ROOT) + label.substring(1);
  }
}
