package dev.pdm.server.orchestrator;

import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.run.Command;
import dev.pdm.core.run.StageStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.gitlab4j.api.models.Deployment;
import org.gitlab4j.models.Constants.DeploymentStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code OpenDeploymentLock}: a deployment in status {@code running} on {@code db/<env>} while the attempt migrates, so
 * that GitLab and other deploy tooling see it. A running one at that SHA is looked for first (created before a crash or
 * by the replica that held the run before): an attempt never gets two. Nothing is opened for an attempt that is no
 * longer running.
 */
public final class DeploymentLockOpener implements CommandExecutor<Command.OpenDeploymentLock> {
  private static final Logger LOG = LoggerFactory.getLogger(DeploymentLockOpener.class);
  private final GitLabClient gitLab;
  private final PlanLayout plan;
  private final DbDeployments deployments;

  public DeploymentLockOpener(GitLabClient gitLab, PlanLayout plan) {
    this.gitLab = gitLab;
    this.plan = plan;
    this.deployments = new DbDeployments(gitLab);
  }

  @Override
  public Future<Outcome> execute(RunRecord record, Command.OpenDeploymentLock command, Execution execution) {
    boolean running = record.run().stage(command.stageId()).filter(s -> s.status() == StageStatus.RUNNING)
        .flatMap(s -> s.currentAttempt(command.attempt())).isPresent();
    if (!running) {
      return Future.succeededFuture(Outcome.note(note(command, Optional.empty(), "not opened: the attempt no longer runs")));
    }
    String project = plan.config().projects().canonical();
    String environment = plan.environment(command.environment()).dbEnvironment();
    return deployments.find(project, environment, DeploymentStatus.RUNNING, command.sha())
        .compose(existing -> existing.map(Future::succeededFuture).orElseGet(() ->
            gitLab.createDeployment(project, environment, command.sha(), command.ref(), false, DeploymentStatus.RUNNING)))
        .map(deployment -> {
          LOG.info("run {} stage {}: deployment {} running on {} at {}", record.run().id(), command.stageId(),
              deployment.getId(), environment, command.sha());
          return Outcome.note(note(command, Optional.of(deployment), "running on " + environment + " in " + project));
        })
        .recover(err -> refusedAsNote(command, err));
  }

  /** GitLab refusing the deployment (a permission, a protected environment) is noted; the run goes on without it. */
  static Future<Outcome> refusedAsNote(Command command, Throwable err) {
    return GitLabAnswers.refused(err)
        ? Future.succeededFuture(Outcome.note(note(command, Optional.empty(), "GitLab refused: " + err.getMessage())))
        : Future.failedFuture(err);
  }

  static JsonObject note(Command command, Optional<Deployment> deployment, String detail) {
    String stageId = command instanceof Command.OpenDeploymentLock open ? open.stageId()
        : ((Command.CloseDeploymentLock) command).stageId();
    return new JsonObject().put("type", command instanceof Command.OpenDeploymentLock ? "DeploymentLockOpened"
            : "DeploymentLockClosed")
        .put("stage_id", stageId).put("deployment_id", deployment.map(Deployment::getId).orElse(null))
        .put("status", deployment.map(d -> d.getStatus() == null ? null : d.getStatus().toValue()).orElse(null))
        .put("detail", detail);
  }
}
