package dev.pdm.server.orchestrator;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.run.Command;
import dev.pdm.core.run.RunEvent;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.gitlab4j.api.models.Pipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code TriggerPipeline}: first looks for a pipeline carrying this trigger's marker (created before a crash) and
 * triggers only when there is none. GitLab refusing the trigger (4xx) is a {@code TriggerFailed}; not reaching GitLab
 * is not an answer, and the command is tried again, marker search first.
 */
public final class TriggerExecutor implements CommandExecutor<Command.TriggerPipeline> {
  /** The one variable that names a trigger: run, stage and attempt. */
  public static final String MARKER = "PDM_TRIGGER";
  private static final Logger LOG = LoggerFactory.getLogger(TriggerExecutor.class);
  private static final Duration LOOKBACK = Duration.ofHours(1);
  private final GitLabClient gitLab;
  private final PlanLayout plan;
  private final Clock clock;

  public TriggerExecutor(GitLabClient gitLab, PlanLayout plan, Clock clock) {
    this.gitLab = gitLab;
    this.plan = plan;
    this.clock = clock;
  }

  @Override
  public Future<Outcome> execute(RunRecord record, Command.TriggerPipeline command) {
    PdmConfig.PlanStage stage = plan.stage(command.stageId());
    String marker = record.run().id() + "/" + command.stageId() + "/" + command.attempt();
    Map<String, String> variables = new HashMap<>(stage.variables());
    variables.putAll(command.variables());
    variables.put(MARKER, marker);
    return gitLab.findPipelineByVariable(stage.project(), stage.ref(), MARKER, marker,
            clock.instant().minus(LOOKBACK))
        .compose(existing -> existing
            .map(p -> {
              LOG.info("run {} stage {}: found pipeline {} already triggered (attempt {})", record.run().id(),
                  command.stageId(), p.getId(), command.attempt());
              return Future.succeededFuture(triggered(command, p, true));
            })
            .orElseGet(() -> gitLab.createPipeline(stage.project(), stage.ref(), variables, MARKER)
                .map(p -> {
                  LOG.info("run {} stage {}: triggered pipeline {} (attempt {})", record.run().id(),
                      command.stageId(), p.getId(), command.attempt());
                  return triggered(command, p, false);
                })
                .recover(err -> GitLabAnswers.refused(err)
                    ? Future.succeededFuture(Outcome.of(new RunEvent.TriggerFailed(command.stageId(),
                        command.attempt(), err.getMessage(), clock.instant())))
                    : Future.failedFuture(err))));
  }

  private Outcome triggered(Command.TriggerPipeline command, Pipeline pipeline, boolean existing) {
    return Outcome.of(new RunEvent.PipelineTriggered(command.stageId(), command.attempt(), pipeline.getId(),
        String.valueOf(pipeline.getWebUrl()), existing, clock.instant()));
  }
}
