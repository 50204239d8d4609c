package dev.pdm.server.orchestrator;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.run.RunPlan;
import dev.pdm.core.run.SentTrigger;
import dev.pdm.core.run.Stage;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The configured plan seen from both sides: the state machine's {@link RunPlan} and each stage's GitLab details. */
public final class PlanLayout {
  /** pdm runs one plan; its runs are kept apart from other plans' by this id. */
  public static final String PLAN_ID = "default";
  private final PdmConfig config;
  private final Map<String, PdmConfig.PlanStage> stages;
  private final Map<String, PdmConfig.Environment> environments;

  public PlanLayout(PdmConfig config) {
    this.config = config;
    this.stages = config.plan().stream().collect(Collectors.toMap(PdmConfig.PlanStage::id, Function.identity()));
    this.environments = config.environments().stream()
        .collect(Collectors.toMap(PdmConfig.Environment::name, Function.identity()));
  }

  public RunPlan runPlan() {
    return new RunPlan(PLAN_ID, config.stageSpecs());
  }

  public PdmConfig.PlanStage stage(String stageId) {
    PdmConfig.PlanStage stage = stages.get(stageId);
    if (stage == null) {
      throw new IllegalArgumentException("stage " + stageId + " is not in the configured plan " + stages.keySet());
    }
    return stage;
  }

  /** Where a stage's pipelines are: where its current attempt's trigger was sent, else where the plan says. */
  public String project(Stage stage) {
    return stage.currentAttempt().flatMap(a -> a.trigger().lastSend()).map(SentTrigger::project)
        .orElseGet(() -> stage(stage.id()).project());
  }

  public PdmConfig.Environment environment(String name) {
    PdmConfig.Environment environment = environments.get(name);
    if (environment == null) {
      throw new IllegalArgumentException("environment " + name + " is not configured");
    }
    return environment;
  }

  /** The environments the plan migrates, in plan order. */
  public List<PdmConfig.Environment> migratedEnvironments() {
    return config.plan().stream().filter(s -> s.kind() == PdmConfig.StageKind.MIGRATE)
        .map(s -> environment(s.environment())).toList();
  }

  public PdmConfig config() {
    return config;
  }
}
