package dev.pdm.server.orchestrator;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.gitlab.GitLabError;
import dev.pdm.core.gitlab.GitLabException;
import dev.pdm.core.run.Attempt;
import dev.pdm.core.run.Command;
import dev.pdm.core.run.DeploymentProject;
import dev.pdm.core.run.RunEvent;
import dev.pdm.core.run.SentTrigger;
import dev.pdm.core.run.Stage;
import dev.pdm.core.run.StageKind;
import dev.pdm.core.run.StageStatus;
import dev.pdm.core.run.TriggerState;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.gitlab4j.api.models.Pipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code TriggerPipeline}, where "never twice" is kept. Before sending, it checks that the decision to send is still
 * valid (the run still wants this attempt, its checks are not too old) and that GitLab answers and holds no pipeline
 * carrying the attempt's marker; it records the send on the run (under the lease) and only then POSTs, once. A send
 * whose outcome is unknown is never repeated: later executions only search for its pipeline, where and since when it
 * was sent, for a quiet period, and then leave the choice to a person.
 */
public final class TriggerExecutor implements CommandExecutor<Command.TriggerPipeline> {
  /** The one variable that names a trigger: run, stage and attempt. */
  public static final String MARKER = "PDM_TRIGGER";
  /** The SHA of the package the stage's checks saw on the environment: what the pipeline is asked to migrate. */
  public static final String PACKAGE_SHA = "PDM_PACKAGE_SHA";
  private static final Logger LOG = LoggerFactory.getLogger(TriggerExecutor.class);
  /** pdm's and GitLab's clocks may disagree; a search for a pipeline starts this much earlier. */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(15);
  private final GitLabClient gitLab;
  private final PlanLayout plan;
  private final Clock clock;
  private final Duration quietPeriod;
  private final Duration checksMaxAge;
  private final Duration searchEvery;

  public TriggerExecutor(GitLabClient gitLab, PlanLayout plan, Clock clock, Duration quietPeriod, Duration checksMaxAge,
      Duration searchEvery) {
    this.gitLab = gitLab;
    this.plan = plan;
    this.clock = clock;
    this.quietPeriod = quietPeriod;
    this.checksMaxAge = checksMaxAge;
    this.searchEvery = searchEvery;
  }

  /** The marker value of an attempt: unique to the run, the stage and the attempt. */
  public static String marker(String runId, String stageId, int attempt) {
    return runId + "/" + stageId + "/" + attempt;
  }

  @Override
  public Future<Outcome> execute(RunRecord record, Command.TriggerPipeline command, Execution execution) {
    Optional<Stage> stage = record.run().stage(command.stageId());
    Optional<Attempt> attempt = stage.filter(s -> s.status() == StageStatus.TRIGGERING)
        .flatMap(s -> s.currentAttempt(command.attempt()))
        .filter(a -> a.pipeline().isEmpty() && a.trigger().withdrawn().isEmpty() && a.trigger().uncertain().isEmpty());
    if (attempt.isEmpty()) {
      // Answered, withdrawn, in doubt (a person decides) or superseded: nothing is left to send or look for.
      return Future.succeededFuture(Outcome.done());
    }
    String marker = marker(record.run().id(), command.stageId(), command.attempt());
    TriggerState trigger = attempt.get().trigger();
    if (trigger.awaitingAnswer()) {
      return searchForUnanswered(record, command, trigger.lastSend().orElseThrow(), marker);
    }
    PdmConfig.PlanStage target = plan.stage(command.stageId());
    // The search doubles as a check that GitLab answers: while it does not, nothing is sent.
    return gitLab.findPipelineByVariable(target.project(), target.ref(), MARKER, marker,
            execution.commandCreatedAt().minus(CLOCK_SKEW))
        .compose(existing -> existing.isPresent()
            ? Future.succeededFuture(triggered(command, existing.get(), true))
            : staleChecks(record, command, stage.get()).map(Future::succeededFuture)
                .orElseGet(() -> send(record, command, execution, target, trigger.sends() + 1, marker)));
  }

  /**
   * Checks older than allowed, looked at the moment before sending (the search before it may have waited out an
   * outage): a decision taken on an old picture of production is taken again.
   */
  private Optional<Outcome> staleChecks(RunRecord record, Command.TriggerPipeline command, Stage stage) {
    Instant now = clock.instant();
    Optional<Instant> checkedAt = stage.checkedAt();
    if (command.kind() != StageKind.MIGRATE || checkedAt.isEmpty() || !checkedAt.get().plus(checksMaxAge).isBefore(now)) {
      return Optional.empty();
    }
    LOG.info("run {} stage {}: checks of {} are older than {}; checking again before triggering", record.run().id(),
        command.stageId(), checkedAt.get(), checksMaxAge);
    return Optional.of(Outcome.of(new RunEvent.ChecksExpired(command.stageId(), command.attempt(), checkedAt.get(), now)));
  }

  private Future<Outcome> send(RunRecord record, Command.TriggerPipeline command, Execution execution,
      PdmConfig.PlanStage target, int send, String marker) {
    return execution.record(new RunEvent.TriggerSent(command.stageId(), command.attempt(), send, target.project(),
            target.ref(), clock.instant()))
        .compose(after -> {
          boolean mine = after.run().stage(command.stageId()).flatMap(s -> s.currentAttempt(command.attempt()))
              .map(a -> a.trigger().awaitingAnswer() && a.trigger().sends() == send).orElse(false);
          if (!mine) {
            LOG.info("run {} stage {}: attempt {} no longer wants a pipeline; nothing sent", record.run().id(),
                command.stageId(), command.attempt());
            return Future.succeededFuture(Outcome.done());
          }
          LOG.info("run {} stage {}: sending pipeline creation {} of attempt {} to {} on {}", record.run().id(),
              command.stageId(), send, command.attempt(), target.project(), target.ref());
          return gitLab.createPipeline(target.project(), target.ref(), variables(after, command, target, marker))
              .map(pipeline -> {
                LOG.info("run {} stage {}: triggered pipeline {} (attempt {})", record.run().id(), command.stageId(),
                    pipeline.getId(), command.attempt());
                return triggered(command, pipeline, false);
              })
              .recover(err -> Future.succeededFuture(unanswered(record, command, send, err)));
        });
  }

  /** What a failed POST means: nothing created (send again later), refused for good, or unknown (search). */
  private Outcome unanswered(RunRecord record, Command.TriggerPipeline command, int send, Throwable err) {
    Optional<GitLabError> error = err instanceof GitLabException e ? Optional.of(e.error()) : Optional.empty();
    if (error.map(GitLabError::refusedUnprocessed).orElse(false)) {
      LOG.warn("run {} stage {}: GitLab refused pipeline creation {} unprocessed ({}); sending again later",
          record.run().id(), command.stageId(), send, err.getMessage());
      return Outcome.of(new RunEvent.TriggerRefused(command.stageId(), command.attempt(), send, err.getMessage(),
          clock.instant())).thenAgainIn(searchEvery.multipliedBy(Math.min(send, 12)));
    }
    if (error.map(e -> !e.outcomeUnknown()).orElse(false)) {
      LOG.warn("run {} stage {}: GitLab refused pipeline creation {}: {}", record.run().id(), command.stageId(), send,
          err.getMessage());
      return Outcome.of(new RunEvent.TriggerFailed(command.stageId(), command.attempt(), err.getMessage(), clock.instant()));
    }
    LOG.warn("run {} stage {}: the outcome of pipeline creation {} is unknown ({}); looking for it, never sending again",
        record.run().id(), command.stageId(), send, err.getMessage());
    return Outcome.done().thenAgainIn(searchEvery);
  }

  private Future<Outcome> searchForUnanswered(RunRecord record, Command.TriggerPipeline command, SentTrigger sent,
      String marker) {
    return gitLab.findPipelineByVariable(sent.project(), sent.ref(), MARKER, marker, sent.at().minus(CLOCK_SKEW))
        .map(found -> {
          if (found.isPresent()) {
            LOG.info("run {} stage {}: found pipeline {} of attempt {} after an unanswered creation",
                record.run().id(), command.stageId(), found.get().getId(), command.attempt());
            return triggered(command, found.get(), true);
          }
          Duration waited = Duration.between(sent.at(), clock.instant());
          if (waited.compareTo(quietPeriod) < 0) {
            return Outcome.done().thenAgainIn(searchEvery);
          }
          String detail = "pipeline creation " + sent.send() + " was sent to " + sent.project() + " on " + sent.ref()
              + " at " + sent.at() + " and got no usable answer; no pipeline carrying " + MARKER + "=" + marker
              + " appeared in " + waited.toSeconds() + " s";
          LOG.warn("run {} stage {}: {}; asking a person", record.run().id(), command.stageId(), detail);
          return Outcome.of(new RunEvent.TriggerUncertain(command.stageId(), command.attempt(), sent.send(), detail,
              clock.instant()));
        });
  }

  private static Map<String, String> variables(RunRecord record, Command.TriggerPipeline command, PdmConfig.PlanStage target,
      String marker) {
    Map<String, String> variables = new HashMap<>(target.variables());
    variables.put(command.kind() == StageKind.MIGRATE ? "DEPLOY_ENVIRONMENT" : "QA_ENVIRONMENT", command.environment());
    variables.putAll(command.variables());
    variables.put(MARKER, marker);
    record.run().stage(command.stageId())
        .flatMap(stage -> record.run().migratedPackages(stage).find(command.environment(), DeploymentProject.CANONICAL))
        .filter(p -> command.kind() == StageKind.MIGRATE)
        .ifPresent(p -> variables.put(PACKAGE_SHA, p.sha()));
    return variables;
  }

  private Outcome triggered(Command.TriggerPipeline command, Pipeline pipeline, boolean existing) {
    return Outcome.of(new RunEvent.PipelineTriggered(command.stageId(), command.attempt(), pipeline.getId(),
        String.valueOf(pipeline.getWebUrl()), existing, clock.instant()));
  }
}
